//! `pdf-page-missing`: a link or embed `#page=N` into a PDF that has fewer
//! than N pages (OBSIDIAN-RENDERING R17). A browser's PDF viewer opens such
//! a link at the first page or the last without a word, so the reader sees
//! the wrong page; the site marks the embed, and this rule says so first.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::{Resolution, Subpath};

pub struct PdfPageMissing;

/// A two-page PDF, small enough to stand in the rule's example.
const HANDOUT: &str = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\nxref\n0 5\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000121 00000 n \n0000000192 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n263\n%%EOF\n";

static META: RuleMeta = RuleMeta {
    name: "pdf-page-missing",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a `#page=N` link or embed into a PDF with fewer pages",
    explanation: "`[[handout.pdf#page=3]]` opens a PDF at its third page, and \
`![[handout.pdf#page=3]]` embeds it there. When the PDF has fewer pages (it was replaced by a \
shorter version, or the number is a typo) the viewer opens another page without a word. The \
page count is read from the PDF itself; a file that cannot be read as a PDF is not judged.",
    example: &[
        (
            "a.md",
            "# A\n\nThe checklist is on ![[handout.pdf#page=3]].\n",
        ),
        ("handout.pdf", HANDOUT),
    ],
    fixed: &[
        (
            "a.md",
            "# A\n\nThe checklist is on ![[handout.pdf#page=2]].\n",
        ),
        ("handout.pdf", HANDOUT),
    ],
};

impl Rule for PdfPageMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            let Resolution::Found(found) = resolution else {
                continue;
            };
            if found.subpath != Subpath::Parameter {
                continue;
            }
            let file = &ctx.vault.files[found.file];
            if !file.path.to_ascii_lowercase().ends_with(".pdf") {
                continue;
            }
            let Some(page) = link.subpath().and_then(crate::pdf::requested_page) else {
                continue;
            };
            let Some(pages) = crate::pdf::page_count(&file.abs) else {
                continue;
            };
            if let Some(why) = crate::pdf::missing_page(page, pages) {
                out.push(
                    Finding::new(link.span(), format!("`{}`: {why}", file.path))
                        .help(format!("link to a page from 1 to {pages}")),
                );
            }
        }
    }
}
