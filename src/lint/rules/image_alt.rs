//! `image-alt`: an image with no alternative text (markdownlint's MD045).

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct ImageAlt;

static META: RuleMeta = RuleMeta {
    name: "image-alt",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "an image with no alternative text (`![](x.png)`, `<img>` without `alt`)",
    explanation: "A screen reader reads an image's alternative text in its place, and a \
browser shows it when the image does not load; without one the reader hears the file name \
or nothing. Write what the image shows between the brackets of a Markdown image, or give \
an HTML `<img>` an `alt` attribute (`alt=\"\"` when the image is only decoration). \
Obsidian embeds (`![[diagram.png]]`) are left alone: the site uses the file name.",
    example: &[
        (
            "a.md",
            "# A\n\n![](pipeline.png)\n\n<img src=\"pipeline.png\" width=\"200\">\n",
        ),
        ("pipeline.png", "png"),
    ],
    fixed: &[
        (
            "a.md",
            "# A\n\n![Build, test and release stages](pipeline.png)\n\n\
<img src=\"pipeline.png\" width=\"200\" alt=\"\">\n",
        ),
        ("pipeline.png", "png"),
    ],
};

impl Rule for ImageAlt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for span in &ctx.note.images_without_alt {
            let html = ctx.text[span.clone()].starts_with('<');
            let (message, help) = if html {
                (
                    "`<img>` has no `alt` attribute",
                    "add `alt=\"what it shows\"`, or `alt=\"\"` if it is only decoration",
                )
            } else {
                (
                    "image has no alternative text",
                    "write what it shows between the brackets: `![Build pipeline](pipeline.png)`",
                )
            };
            out.push(Finding::new(span.clone(), message).help(help));
        }
    }
}
