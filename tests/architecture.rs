//! Architecture checks: the module graph of `src/` and the size of its functions.
//!
//! Why: phasebook is a pipeline (docs/architecture.md). The vault is read and
//! its links resolved; phases and readiness are derived from it; lint and the
//! site consume all of that; report formats what lint found; commands glue the
//! stages to the command line: vault → phases → readiness → lint / site →
//! report → commands. Data flows one way, so imports must too: a module may use
//! only modules of an earlier layer, and small leaf modules (span, text,
//! suggest, ...) hold what everyone uses. An import against the flow (config
//! using lint, site using report) or a cycle between files means a concern sits
//! in the wrong place. Long functions hide the pipeline's steps, and the site
//! build's top function in particular should read as its list of stages.
//!
//! The checker parses `src/` with syn (no compiler). Every path naming a crate
//! item (in `use` trees, code, types, macro bodies) is resolved to the file
//! that defines the item, through `pub use` re-exports and module aliases.
//! `#[cfg(test)]` items are skipped. The checker's own tests are at the end;
//! `cargo test --test architecture -- --ignored --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{Spacing, Span, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Attribute, Block, ImplItem, Item, Meta, Signature, TraitItem, UseTree, Visibility};

/// The layer of each top-level module (`crate` is `src/lib.rs`). An edge from
/// module M to a different module N is allowed only if N's layer is lower, so
/// lint and site (siblings) may not use each other. A module missing here fails
/// the test: each new module is placed on purpose.
const LAYERS: &[(u32, &[&str])] = &[
    // The crate root: the `FastMap` alias and the site marker's name.
    (0, &["crate"]),
    // Leaves: what everyone uses, each on its own.
    (
        1,
        &[
            "span", "text", "suggest", "timing", "cli", "html", "encode", "fsio", "math", "pdf",
            "image",
        ],
    ),
    (2, &["config"]),
    (3, &["vault"]),
    (4, &["phases"]),
    (5, &["readiness"]),
    (6, &["lint", "site"]),
    (7, &["report"]),
    (8, &["baseline", "serve"]),
    (9, &["commands"]),
];
const FN_LIMIT: usize = 150;
const RUN_LIMIT: usize = 60;

/// `(path relative to the crate, source)` pairs, e.g. `("src/lint/mod.rs", "...")`.
type Files = [(String, String)];
/// `(from file, to file)` and the names the first uses from the second.
type Edges = BTreeMap<(String, String), BTreeSet<String>>;

// ---- the checks, on the real tree ----

fn src_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push((
                    rel.replace('\\', "/"),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("src"), root, &mut out);
    out.sort();
    out
}

/// The library's files and graph: `src/main.rs` is the binary and may use anything.
fn lib_graph() -> (Vec<(String, String)>, Graph) {
    let files: Vec<_> = src_files()
        .into_iter()
        .filter(|(p, _)| p != "src/main.rs")
        .collect();
    let graph = module_graph(&files);
    (files, graph)
}

fn fail_if_any(what: &str, violations: Vec<String>) {
    assert!(
        violations.is_empty(),
        "{} {what}:\n{}\n",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
fn no_cycles_between_files() {
    fail_if_any("cycle(s) between files", cycles(&lib_graph().1.edges));
}

#[test]
fn modules_use_only_earlier_layers() {
    let (files, graph) = lib_graph();
    for note in &graph.unresolved {
        eprintln!("note: not found, counted as a use of its module: {note}");
    }
    fail_if_any("layer violation(s)", layer_violations(&files, &graph.edges));
}

#[test]
fn functions_are_short() {
    fail_if_any("function(s) too long", fn_length_violations(&src_files()));
}

#[test]
fn site_build_run_is_short() {
    let problems = build_run_violations(&src_files());
    fail_if_any("problem(s) with the site build's top function", problems);
}

#[test]
#[ignore]
fn print_module_graph() {
    println!("{}", edge_list(&lib_graph().1.edges).join("\n"));
}

// ---- one pass over each file ----

/// What one module (a file, or an inline `mod x { }`) declares.
#[derive(Default)]
struct Scope {
    file: String,
    /// Items defined here, and the file defining each (a `#[macro_export]`
    /// macro is at the crate root but defined in its own file).
    defs: BTreeMap<String, String>,
    /// Names bound by `use` (public or not), to the path as written here.
    imports: BTreeMap<String, Vec<String>>,
    /// `use x::*` paths as written here.
    globs: Vec<Vec<String>>,
}
type Scopes = BTreeMap<Vec<String>, Scope>;

/// A path as written, in the module where it is written.
struct Ref {
    scope: Vec<String>,
    path: Vec<String>,
    glob: bool,
    line: usize,
}

struct FnLen {
    file: String,
    line: usize,
    owner: Option<String>, // the impl's type, the trait or the enclosing fn
    name: String,
    lines: usize,
}

/// Visits a file outside `#[cfg(test)]`: fills in its modules' `Scope`s, and
/// collects every path it writes (except in `pub use`: a module's interface,
/// followed when resolving rather than counted) and every fn's length.
struct Survey<'a> {
    file: &'a str,
    scope: Vec<String>,
    depth: usize, // > 0 in a fn, impl or trait: items there are not the module's
    owners: Vec<String>,
    scopes: &'a mut Scopes,
    refs: Vec<Ref>,
    fns: Vec<FnLen>,
    test_files: Vec<Vec<String>>, // modules in files of their own under `#[cfg(test)] mod x;`
}

fn survey(files: &Files) -> (Scopes, Vec<(String, Ref)>, Vec<FnLen>) {
    let (mut scopes, mut refs, mut fns, mut test_files) = (Scopes::new(), vec![], vec![], vec![]);
    scopes.entry(vec![]).or_default().file = "src/lib.rs".into();
    for (file, _) in files {
        scopes.entry(module_path(file)).or_default().file = file.clone();
    }
    for (file, source) in files {
        let ast = syn::parse_file(source).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (scope, owners) = (module_path(file), Vec::new());
        let scopes = &mut scopes;
        let mut s = Survey {
            file,
            scope,
            depth: 0,
            owners,
            scopes,
            refs: vec![],
            fns,
            test_files,
        };
        s.visit_file(&ast);
        refs.extend(s.refs.into_iter().map(|r| (file.clone(), r)));
        (fns, test_files) = (s.fns, s.test_files);
    }
    let in_tests = |file: &str| test_files.iter().any(|t| module_path(file).starts_with(t));
    refs.retain(|(file, _)| !in_tests(file));
    fns.retain(|f| !in_tests(&f.file));
    fns.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    (scopes, refs, fns)
}

/// `src/lib.rs` → `[]`, `src/a/mod.rs` and `src/a.rs` → `[a]`, `src/a/b.rs` → `[a, b]`.
fn module_path(file: &str) -> Vec<String> {
    let s = file.trim_start_matches("src/").trim_end_matches(".rs");
    let s = s.strip_suffix("/mod").unwrap_or(s);
    if s == "lib" {
        vec![]
    } else {
        s.split('/').map(String::from).collect()
    }
}

fn line(span: Span) -> usize {
    span.start().line
}

/// `#[cfg(test)]`, `#[cfg(all(test, ...))]`, but not `#[cfg(not(test))]`.
fn is_cfg_test(attrs: &[Attribute]) -> bool {
    fn mentions_test(tokens: TokenStream) -> bool {
        let mut after_not = false;
        tokens.into_iter().any(|tt| match tt {
            TokenTree::Ident(i) => {
                after_not = i == "not";
                i == "test"
            }
            TokenTree::Group(g) => !std::mem::take(&mut after_not) && mentions_test(g.stream()),
            _ => false,
        })
    }
    attrs.iter().any(|a| match &a.meta {
        Meta::List(list) => list.path.is_ident("cfg") && mentions_test(list.tokens.clone()),
        _ => false,
    })
}

fn item_attrs(item: &Item) -> &[Attribute] {
    macro_rules! attrs { ($($kind:ident)*) => { match item {
        $(Item::$kind(i) => &i.attrs,)*
        _ => &[],
    } } }
    attrs!(Const Enum ExternCrate Fn ForeignMod Impl Macro Mod Static Struct Trait TraitAlias Type
        Union Use)
}

fn item_name(item: &Item) -> Option<String> {
    macro_rules! ident { ($($kind:ident)*) => { match item {
        $(Item::$kind(i) => &i.ident,)*
        Item::Fn(i) => &i.sig.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        _ => return None,
    } } }
    Some(ident!(Const Enum Mod Static Struct Trait TraitAlias Type Union).to_string())
}

/// The leaves of `use a::{b::C, d::{self, E as F}, g::*}`: `(path, name bound
/// (None for a glob), line)`.
fn use_leaves(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, usize)>,
) {
    let with = |name: &syn::Ident| [&prefix[..], &[name.to_string()]].concat();
    let (path, name, span) = match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
            return;
        }
        UseTree::Group(g) => return g.items.iter().for_each(|t| use_leaves(t, prefix, out)),
        UseTree::Name(n) if n.ident == "self" => {
            (prefix.clone(), prefix.last().cloned(), n.ident.span())
        }
        UseTree::Name(n) => (with(&n.ident), Some(n.ident.to_string()), n.ident.span()),
        UseTree::Rename(r) if r.ident == "self" => {
            (prefix.clone(), Some(r.rename.to_string()), r.ident.span())
        }
        UseTree::Rename(r) => (with(&r.ident), Some(r.rename.to_string()), r.ident.span()),
        UseTree::Glob(g) => (prefix.clone(), None, g.star_token.spans[0]),
    };
    out.push((path, name, line(span)));
}

impl Survey<'_> {
    fn add_ref(&mut self, path: Vec<String>, glob: bool, line: usize) {
        self.refs.push(Ref {
            scope: self.scope.clone(),
            path,
            glob,
            line,
        });
    }

    /// Macro bodies are tokens: takes every `a::b::c` run in them.
    fn scan(&mut self, tokens: TokenStream) {
        let tts: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tts.len() {
            if let TokenTree::Group(g) = &tts[i] {
                self.scan(g.stream());
            } else if let TokenTree::Ident(first) = &tts[i] {
                let mut path = vec![first.to_string()];
                while let [
                    TokenTree::Punct(a),
                    TokenTree::Punct(b),
                    TokenTree::Ident(next),
                    ..,
                ] = &tts[i + 1..]
                {
                    if a.as_char() != ':' || a.spacing() != Spacing::Joint || b.as_char() != ':' {
                        break;
                    }
                    path.push(next.to_string());
                    i += 3;
                }
                if path.len() > 1 {
                    self.add_ref(path, false, line(first.span()));
                }
            }
            i += 1;
        }
    }

    /// Records a fn's length (from the signature's first token to the closing
    /// brace), then visits its body with the fn as the owner of nested fns.
    fn record(&mut self, sig: &Signature, block: &Block, body: impl FnOnce(&mut Self)) {
        let keywords = [sig.constness.map(|t| t.span), sig.asyncness.map(|t| t.span)];
        let abi = sig.abi.as_ref().map(|a| a.extern_token.span);
        let spans = keywords
            .into_iter()
            .chain([abi, Some(sig.fn_token.span)])
            .flatten();
        let start = spans.map(line).min().unwrap();
        let lines = block.brace_token.span.close().end().line + 1 - start;
        let (file, owner, name) = (
            self.file.into(),
            self.owners.last().cloned(),
            sig.ident.to_string(),
        );
        self.fns.push(FnLen {
            file,
            line: start,
            owner,
            name: name.clone(),
            lines,
        });
        self.owned_by(name, body);
    }

    fn owned_by(&mut self, owner: String, body: impl FnOnce(&mut Self)) {
        self.owners.push(owner);
        body(self);
        self.owners.pop();
    }
}

impl<'ast> Visit<'ast> for Survey<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if is_cfg_test(item_attrs(item)) {
            if let Item::Mod(m) = item {
                self.test_files
                    .push([&self.scope[..], &[m.ident.to_string()]].concat());
            }
            return;
        }
        if let Some(name) = item_name(item).filter(|_| self.depth == 0) {
            let export = |a: &Attribute| a.path().is_ident("macro_export");
            let at_root = matches!(item, Item::Macro(m) if m.attrs.iter().any(export));
            let module = if at_root { vec![] } else { self.scope.clone() };
            self.scopes
                .entry(module)
                .or_default()
                .defs
                .insert(name, self.file.into());
        }
        match item {
            Item::Use(u) if u.leading_colon.is_none() => {
                let mut leaves = Vec::new();
                use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
                for (path, name, line) in leaves {
                    if matches!(u.vis, Visibility::Inherited) {
                        self.add_ref(path.clone(), name.is_none(), line);
                    }
                    let scope = self.scopes.entry(self.scope.clone()).or_default();
                    if let Some(name) = name {
                        scope.imports.insert(name, path);
                    } else {
                        scope.globs.push(path);
                    }
                }
            }
            Item::Mod(m) if m.content.is_some() => {
                self.scope.push(m.ident.to_string());
                self.scopes.entry(self.scope.clone()).or_default().file = self.file.into();
                visit::visit_item(self, item);
                self.scope.pop();
            }
            _ => {
                self.depth += 1;
                visit::visit_item(self, item);
                self.depth -= 1;
            }
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let (None, Some(first)) = (path.leading_colon, path.segments.first()) {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.add_ref(segments, false, line(first.ident.span()));
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.scan(mac.tokens.clone());
        visit::visit_macro(self, mac);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(&f.sig, &f.block, |v| visit::visit_item_fn(v, f));
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let mut ty = &*i.self_ty;
        while let syn::Type::Reference(r) = ty {
            ty = &r.elem;
        }
        let last = match ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        self.owned_by(last.unwrap_or("_".into()), |v| visit::visit_item_impl(v, i));
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        self.owned_by(t.ident.to_string(), |v| visit::visit_item_trait(v, t));
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        match item {
            ImplItem::Fn(f) if is_cfg_test(&f.attrs) => {}
            ImplItem::Fn(f) => self.record(&f.sig, &f.block, |v| visit::visit_impl_item_fn(v, f)),
            _ => visit::visit_impl_item(self, item),
        }
    }

    fn visit_trait_item(&mut self, item: &'ast TraitItem) {
        match item {
            TraitItem::Fn(f) if is_cfg_test(&f.attrs) => {}
            TraitItem::Fn(
                f @ syn::TraitItemFn {
                    default: Some(block),
                    ..
                },
            ) => self.record(&f.sig, block, |v| visit::visit_trait_item_fn(v, f)),
            _ => visit::visit_trait_item(self, item),
        }
    }
}

// ---- the module graph ----

#[derive(Default)]
struct Graph {
    edges: Edges,
    /// Paths into a crate module naming nothing found there.
    unresolved: BTreeSet<String>,
}

enum Target {
    Item(String, String), // defining file, name
    Module(String),       // a module itself: `use crate::vault;`
    Unknown(String, String),
    External,
}

fn module_graph(files: &Files) -> Graph {
    let (scopes, refs, _) = survey(files);
    let mut graph = Graph::default();
    for (file, r) in refs {
        let Some(abs) = absolute(&scopes, &r.scope, &r.path, 0) else {
            continue;
        };
        let (to, name) = match resolve(&scopes, &abs, 0) {
            Target::Item(to, name) => (to, name),
            Target::Module(to) if r.glob => (to, "*".into()),
            Target::Unknown(to, name) => {
                if to != file {
                    let (line, path) = (r.line, r.path.join("::"));
                    graph
                        .unresolved
                        .insert(format!("{file}:{line} {path} (-> {to})"));
                }
                (to, name)
            }
            _ => continue,
        };
        if to != file {
            graph.edges.entry((file, to)).or_default().insert(name);
        }
    }
    graph
}

/// A path as written in `scope`, from the crate root; `None` for paths out of
/// the crate (std, dependencies, locals, `Self`).
fn absolute(scopes: &Scopes, scope: &[String], path: &[String], depth: u8) -> Option<Vec<String>> {
    let (first, rest) = path.split_first().filter(|_| depth < 16)?;
    if first == "crate" {
        return Some(rest.to_vec());
    }
    if first == "self" || first == "super" {
        let (mut base, mut path) = (scope.to_vec(), path);
        while let Some(step) = path.first().filter(|s| *s == "self" || *s == "super") {
            if step == "super" {
                base.pop()?;
            }
            path = &path[1..];
        }
        return Some([base, path.to_vec()].concat());
    }
    let here = scopes.get(scope)?;
    if let Some(import) = here.imports.get(first) {
        return Some([absolute(scopes, scope, import, depth + 1)?, rest.to_vec()].concat());
    }
    let own = [scope, path].concat();
    if here.defs.contains_key(first) || scopes.contains_key(&own[..scope.len() + 1]) {
        return Some(own);
    }
    // A name that a `use x::*` of this crate brought in.
    here.globs.iter().find_map(|glob| {
        let abs = [absolute(scopes, scope, glob, depth + 1)?, path.to_vec()].concat();
        matches!(resolve(scopes, &abs, depth + 1), Target::Item(..)).then_some(abs)
    })
}

/// The file defining what an absolute path names: walks to the deepest module
/// on the path, then finds the next name's definition there, or follows its
/// `use` (a re-export, or an import a child module sees through `super::`).
fn resolve(scopes: &Scopes, abs: &[String], depth: u8) -> Target {
    let n = (0..=abs.len())
        .rev()
        .find(|&n| scopes.contains_key(&abs[..n]))
        .unwrap();
    let (module, rest) = abs.split_at(n);
    let scope = &scopes[module];
    let Some(name) = rest.first() else {
        return Target::Module(scope.file.clone());
    };
    if let Some(file) = scope.defs.get(name) {
        return Target::Item(file.clone(), name.clone());
    }
    if scope.imports.contains_key(name) {
        return match absolute(scopes, module, rest, depth + 1) {
            Some(target) => resolve(scopes, &target, depth + 1),
            None => Target::External,
        };
    }
    for glob in &scope.globs {
        if let Some(target) = absolute(scopes, module, glob, depth + 1) {
            let found = resolve(scopes, &[target, rest.to_vec()].concat(), depth + 1);
            if let Target::Item(..) = found {
                return found;
            }
        }
    }
    Target::Unknown(scope.file.clone(), name.clone())
}

/// Each set of files that reach one another, with the edges among them.
fn cycles(edges: &Edges) -> Vec<String> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    let reach = |start: &str| {
        let (mut seen, mut stack) = (BTreeSet::new(), vec![start]);
        while let Some(n) = stack.pop() {
            let new: Vec<&str> = next
                .get(n)
                .into_iter()
                .flatten()
                .filter(|m| seen.insert(**m))
                .copied()
                .collect();
            stack.extend(new);
        }
        seen
    };
    let reach: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|&n| (n, reach(n))).collect();
    let mutual = |n: &str, r: &BTreeSet<&str>| -> BTreeSet<String> {
        r.iter()
            .filter(|m| reach.get(*m).is_some_and(|back| back.contains(n)))
            .map(|m| m.to_string())
            .collect()
    };
    let cycles: BTreeSet<BTreeSet<String>> = reach
        .iter()
        .map(|(n, r)| mutual(n, r))
        .filter(|c| c.len() > 1)
        .collect();
    let report = |c: BTreeSet<String>| {
        let inside: Edges = edges
            .clone()
            .into_iter()
            .filter(|((a, b), _)| c.contains(a) && c.contains(b))
            .collect();
        let files = c.into_iter().collect::<Vec<_>>().join(", ");
        format!(
            "cycle between {files}:\n  {}",
            edge_list(&inside).join("\n  ")
        )
    };
    cycles.into_iter().map(report).collect()
}

fn edge_list(edges: &Edges) -> Vec<String> {
    edges
        .iter()
        .map(|((a, b), names)| format!("{a} -> {b} ({})", join(names)))
        .collect()
}

fn join(names: &BTreeSet<String>) -> String {
    names.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn layer_violations(files: &Files, edges: &Edges) -> Vec<String> {
    let top = |file: &str| module_path(file).first().cloned().unwrap_or("crate".into());
    let layer = |m: &str| {
        LAYERS
            .iter()
            .find(|(_, ms)| ms.contains(&m))
            .map(|&(l, _)| l)
    };
    let unknown = files
        .iter()
        .map(|(file, _)| top(file))
        .filter(|m| layer(m).is_none());
    let mut out: BTreeSet<String> = unknown
        .map(|m| format!("module {m} has no layer; add it to LAYERS"))
        .collect();
    for ((a, b), names) in edges {
        let (ma, mb) = (top(a), top(b));
        let (Some(la), Some(lb)) = (layer(&ma), layer(&mb)) else {
            continue;
        };
        if ma != mb && lb >= la {
            let names = join(names);
            out.insert(format!(
                "{a} -> {b} ({names}): {ma} (layer {la}) imports {mb} (layer {lb})"
            ));
        }
    }
    out.into_iter().collect()
}

// ---- function lengths ----

fn describe(f: &FnLen, limit: usize) -> String {
    let owner = f
        .owner
        .as_ref()
        .map(|o| format!("{o}::"))
        .unwrap_or_default();
    format!(
        "{}:{} {owner}{} is {} lines (limit {limit})",
        f.file, f.line, f.name, f.lines
    )
}

fn fn_length_violations(files: &Files) -> Vec<String> {
    let fns = survey(files).2;
    fns.iter()
        .filter(|f| f.lines > FN_LIMIT)
        .map(|f| describe(f, FN_LIMIT))
        .collect()
}

/// The site build's `run` (on `Build` or `SiteBuild`, in `src/site/`) must be short.
fn build_run_violations(files: &Files) -> Vec<String> {
    let is_run = |f: &&FnLen| {
        let owner = matches!(f.owner.as_deref(), Some("Build" | "SiteBuild"));
        f.file.starts_with("src/site/") && f.name == "run" && owner
    };
    let fns = survey(files).2;
    let runs: Vec<&FnLen> = fns.iter().filter(is_run).collect();
    if runs.is_empty() {
        return vec!["no method `run` in an impl of `Build` or `SiteBuild` under src/site/".into()];
    }
    runs.iter()
        .filter(|f| f.lines > RUN_LIMIT)
        .map(|f| describe(f, RUN_LIMIT))
        .collect()
}

// ---- the checker's own tests, on fake files ----

fn edges_of(files: &[(&str, &str)]) -> Vec<String> {
    edge_list(&module_graph(&fake(files)).edges)
}

fn fake(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect()
}

#[test]
fn checker_finds_a_cycle() {
    let files = fake(&[
        ("src/a.rs", "pub struct A; fn f(_: crate::b::B) {}"),
        ("src/b.rs", "use crate::a::A; pub struct B(A);"),
    ]);
    let expected = "cycle between src/a.rs, src/b.rs:\n  \
                    src/a.rs -> src/b.rs (B)\n  src/b.rs -> src/a.rs (A)";
    assert_eq!(cycles(&module_graph(&files).edges), [expected]);
}

#[test]
fn checker_follows_reexports_and_module_aliases() {
    let edges = edges_of(&[
        (
            "src/vault/mod.rs",
            "mod note; mod links; pub use note::Note; pub use self::links::*;",
        ),
        ("src/vault/note.rs", "pub struct Note;"),
        ("src/vault/links.rs", "pub enum Link { A }"),
        (
            "src/phases.rs",
            "use crate::vault; use crate::vault::{self as v}; fn f(_: vault::Note) {}",
        ),
        (
            "src/readiness.rs",
            "use super::vault as w; fn g() { let _ = w::Link::A; }",
        ),
    ]);
    let expected = [
        "src/phases.rs -> src/vault/note.rs (Note)",
        "src/readiness.rs -> src/vault/links.rs (Link)",
    ];
    assert_eq!(edges, expected);
}

#[test]
fn checker_splits_groups_and_ignores_cfg_test() {
    let edges = edges_of(&[
        ("src/a.rs", "pub struct X;"),
        ("src/b/mod.rs", "pub struct Y; pub fn z() {}"),
        ("src/d.rs", "pub struct D;"),
        (
            "src/c.rs",
            "use crate::{a::X, b::{Y, z as zed}}; #[cfg(test)] fn t(_: crate::d::D) {}",
        ),
        (
            "src/e.rs",
            "#[cfg(all(test, unix))] mod tests { use crate::d::D; }",
        ),
    ]);
    assert_eq!(
        edges,
        [
            "src/c.rs -> src/a.rs (X)",
            "src/c.rs -> src/b/mod.rs (Y, z)"
        ]
    );
}

#[test]
fn checker_resolves_super_self_and_macro_bodies() {
    let edges = edges_of(&[
        ("src/a/mod.rs", "pub mod b; pub fn top() {}"),
        (
            "src/a/b/mod.rs",
            "pub mod c; #[derive(Debug)] pub struct B;",
        ),
        (
            "src/a/b/c.rs",
            "fn f() { super::super::top(); self::g(); dbg!(super::B); } fn g() {}",
        ),
    ]);
    assert_eq!(
        edges,
        [
            "src/a/b/c.rs -> src/a/b/mod.rs (B)",
            "src/a/b/c.rs -> src/a/mod.rs (top)"
        ]
    );
}

#[test]
fn checker_reports_layers_and_unknown_modules() {
    let files = fake(&[
        (
            "src/config.rs",
            "pub fn load() { crate::lint::rule_names(); }",
        ),
        (
            "src/lint/mod.rs",
            "pub fn rule_names() { crate::config::load() }",
        ),
        ("src/newthing.rs", ""),
    ]);
    let expected = [
        "module newthing has no layer; add it to LAYERS",
        "src/config.rs -> src/lint/mod.rs (rule_names): config (layer 2) imports lint (layer 6)",
    ];
    assert_eq!(
        layer_violations(&files, &module_graph(&files).edges),
        expected
    );
}

#[test]
fn checker_measures_functions() {
    let body = "\n".repeat(200);
    let source = format!(
        "struct Build;\nimpl Build {{\n    fn run(&self) {{{body}}}\n}}\n\
         #[cfg(test)]\nmod t {{ fn long() {{{body}}} }}\n"
    );
    let files = fake(&[("src/site/mod.rs", &source)]);
    let too_long = "src/site/mod.rs:3 Build::run is 201 lines";
    assert_eq!(
        fn_length_violations(&files),
        [format!("{too_long} (limit 150)")]
    );
    assert_eq!(
        build_run_violations(&files),
        [format!("{too_long} (limit 60)")]
    );
    assert_eq!(
        build_run_violations(&fake(&[("src/site/mod.rs", "")])).len(),
        1
    );
}
