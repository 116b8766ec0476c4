//! Defence in depth for the generated typst markup. Every piece of user text is escaped by
//! [`super::markup`], but if an escape were ever missed, a file name or a line of text would run
//! as typst code in-process (typst has no fuel or time limit: a loop runs until memory is gone).
//! So before compiling, the generated part of the document is parsed and must contain only what
//! bogbinder itself writes: calls of a fixed list of functions, content blocks and plain values.
//! Loops, closures, bindings, imports, show rules and any markup typst reads as structure (a
//! heading `=`, a label `<x>`, a reference `@x`, math `$x$`) mean an escape failed: the document
//! is refused instead of compiled.

use typst::syntax::{SyntaxKind, SyntaxNode};

/// Functions the generated markup may call: typst's own and the preamble's (`boks`, `foto`, ...).
const CALLABLE: &[&str] = &[
    "align",
    "block",
    "bogbillede",
    "boks",
    "citat",
    "emph",
    "enum",
    "foto",
    "heading",
    "image",
    "kilde",
    "label",
    "line",
    "linebreak",
    "link",
    "list",
    "luma",
    "outline",
    "page",
    "pagebreak",
    "quote",
    "raw",
    "strike",
    "strong",
    "super",
    "table",
    "table.header",
    "text",
    "tidslinje",
    "v",
    "kapitel",
    "udfyld",
    "galleri",
    "tegning",
    "bogtitel",
    "workshopside",
    "delkapitel",
    // The handbook's running header (`markup::running_head`).
    "sidehoved",
    "deltagerliste",
    "counter(page).update",
    "counter",
    // A form to fill in by hand (`handbook::forms::pdf::paper`).
    "box",
    "grid",
    "h",
    "rgb",
];

/// Targets of the set rules the generated markup may have.
const SETTABLE: &[&str] = &["document", "page"];

/// What a generator of typst markup may write: the functions it calls, the targets of its set
/// rules and the one label it sets, if any. Each generator has its own, so a slip in one cannot
/// use what only another needs.
pub struct Allowed<'a> {
    pub callable: &'a [&'a str],
    pub settable: &'a [&'a str],
    /// The whole label as written, `<name>`.
    pub label: Option<&'a str>,
}

/// What the books' markup may write.
const BOOKS: Allowed<'static> = Allowed {
    callable: CALLABLE,
    settable: SETTABLE,
    label: None,
};

/// What is not allowed in a book's markup, and where (byte offset in the checked text), if
/// anything.
pub fn check(text: &str) -> Result<(), (String, usize)> {
    check_with(text, &BOOKS)
}

/// What is not allowed by `allowed`, and where (byte offset in the checked text), if anything.
pub fn check_with(text: &str, allowed: &Allowed) -> Result<(), (String, usize)> {
    visit(&typst::syntax::parse(text), 0, allowed)
}

fn visit(node: &SyntaxNode, offset: usize, allowed: &Allowed) -> Result<(), (String, usize)> {
    let refuse = |what: &str| Err((what.to_string(), offset));
    match node.kind() {
        SyntaxKind::Error => return refuse("syntaksfejl"),
        SyntaxKind::ForLoop
        | SyntaxKind::WhileLoop
        | SyntaxKind::Closure
        | SyntaxKind::LetBinding
        | SyntaxKind::DestructAssignment
        | SyntaxKind::ModuleImport
        | SyntaxKind::ModuleInclude
        | SyntaxKind::ShowRule
        | SyntaxKind::Contextual
        | SyntaxKind::Conditional
        | SyntaxKind::CodeBlock
        | SyntaxKind::LoopBreak
        | SyntaxKind::LoopContinue
        | SyntaxKind::FuncReturn
        | SyntaxKind::Heading
        | SyntaxKind::ListItem
        | SyntaxKind::EnumItem
        | SyntaxKind::TermItem
        | SyntaxKind::Strong
        | SyntaxKind::Emph
        | SyntaxKind::Raw
        | SyntaxKind::Link
        | SyntaxKind::Ref
        | SyntaxKind::Equation => return refuse(node.kind().name()),
        SyntaxKind::Label if Some(node.full_text().as_str()) != allowed.label => {
            return refuse(node.kind().name())
        }
        SyntaxKind::FuncCall => {
            let callee = node.children().next().map(SyntaxNode::full_text);
            if !callee
                .as_deref()
                .is_some_and(|c| allowed.callable.contains(&c))
            {
                return refuse(&format!("kald af {}", callee.unwrap_or_default()));
            }
        }
        SyntaxKind::SetRule => {
            let target = node
                .children()
                .find(|c| c.kind() == SyntaxKind::Ident)
                .map(SyntaxNode::full_text);
            if !target
                .as_deref()
                .is_some_and(|t| allowed.settable.contains(&t))
            {
                return refuse(&format!("set {}", target.unwrap_or_default()));
            }
        }
        _ => {}
    }
    let mut at = offset;
    for child in node.children() {
        visit(child, at, allowed)?;
        at += child.len();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_bogbinder_writes_passes() {
        let ok = "#set document(title: \"Bog\")\n#set page(numbering: \"1\")\n#counter(page).update(1)\n\
                  #page(numbering: none, margin: 2cm)[#align(center + horizon)[#text(size: 34pt, \"x\")]]\n\
                  #pagebreak(weak: true)\n#heading(level: 1)[Mor \\& far \\<3] #label(\"mor-far\")\n\
                  #table(columns: 2, table.header([a], [b], ), [c], [d], )\n\
                  #link(label(\"x\"))[til x] #raw(\"kode\") #tidslinje(((\"2020\", \"her\", \"\"),))\n";
        assert_eq!(check(ok), Ok(()));
    }

    #[test]
    fn code_and_structure_are_refused() {
        for bad in [
            "#while true {}",
            "#for x in range(9999999) [x]",
            "#let x = 1",
            "#eval(\"1\")",
            "#import \"x.typ\": *",
            "#include \"x.typ\"",
            "#show: it => it",
            "#set text(size: 1pt)",
            "#(x => x)(1)",
            "#{ 1 }",
            "#context 1",
            "#if true [x]",
            "= Overskrift",
            "- punkt",
            "<etiket>",
            "@henvisning",
            "$x^2$",
            "`kode`",
            "*fed*",
            "https://example.com",
            "#heading[x] <a>",
        ] {
            assert!(check(bad).is_err(), "{bad:?} passed the guard");
        }
    }
}
