//! Problems starting the preview (`bogbinder serve`).

use super::{pick, Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeProblem {
    /// The handbook's port cannot be opened (`error`: the system's words).
    CannotListen { bind: String, error: String },
    /// The books' port on 127.0.0.1 cannot be opened.
    CannotListenBooks { error: String },
    /// A listener was opened but has no address.
    NoAddress { error: String },
    /// The project folder cannot be watched for changes.
    CannotWatch { root: String, error: String },
    /// The editing desk was asked without this run's token (no cookie, or a wrong one).
    DeskNoSession,
    /// The desk was asked for a document that is not a content file it lists (`id` as sent).
    DeskUnknownDocument { id: String },
    /// A desk request the server cannot read (`reason`: what is wrong with it).
    DeskBadRequest { reason: String },
    /// A desk request body over its limit (`limit`: e.g. "2 MiB").
    DeskTooLarge { limit: String },
    /// The file changed on disk since the desk opened it: the save is refused.
    DeskConflict { id: String },
    /// The desk could not write a file (`error`: the system's words).
    DeskCannotSave { id: String, error: String },
    /// A write to the desk that is not the desk's own page sending JSON.
    DeskNotOwnWrite,
    /// The asked version of a page's history does not exist.
    DeskUnknownVersion { id: String },
    /// A request to the desk's API that the browser says another page sent (another site, or
    /// the handbook's port): a link or a script there cannot make the desk act.
    DeskFromElsewhere,
}

impl Catalogued for ServeProblem {
    fn code(&self) -> Code {
        use ServeProblem::*;
        Code::new(match self {
            CannotListen { .. } => "S001",
            CannotListenBooks { .. } => "S002",
            NoAddress { .. } => "S003",
            CannotWatch { .. } => "S004",
            DeskNoSession => "S100",
            DeskUnknownDocument { .. } => "S101",
            DeskBadRequest { .. } => "S102",
            DeskTooLarge { .. } => "S103",
            DeskConflict { .. } => "S104",
            DeskCannotSave { .. } => "S105",
            DeskNotOwnWrite => "S106",
            DeskUnknownVersion { .. } => "S107",
            DeskFromElsewhere => "S090",
        })
    }

    fn text(&self, lang: Language) -> Text {
        use ServeProblem::*;
        match self {
            CannotListen { bind, error } => pick(
                lang,
                Text::new(format!("kan ikke lytte på {bind}: {error}"))
                    .hint("vælg en anden port med --port, eller luk det program, der bruger porten"),
                Text::new(format!("cannot listen on {bind}: {error}"))
                    .hint("choose another port with --port, or close the program that uses the port"),
            ),
            CannotListenBooks { error } => pick(
                lang,
                Text::new(format!("kan ikke lytte på 127.0.0.1 til bøgerne: {error}"))
                    .hint("tjek at netværket på denne maskine har 127.0.0.1 (loopback)"),
                Text::new(format!("cannot listen on 127.0.0.1 for the books: {error}"))
                    .hint("check that the network on this machine has 127.0.0.1 (loopback)"),
            ),
            NoAddress { error } => pick(
                lang,
                Text::new(format!("serveren fik ingen adresse: {error}"))
                    .hint("prøv igen, eller vælg en anden adresse med --bind"),
                Text::new(format!("the server got no address: {error}"))
                    .hint("try again, or choose another address with --bind"),
            ),
            CannotWatch { root, error } => pick(
                lang,
                Text::new(format!("kan ikke holde øje med ændringer i {root}: {error}")).hint(
                    "tjek at mappen findes og kan læses; på Linux kan grænsen for inotify-overvågninger være nået (fs.inotify.max_user_watches)",
                ),
                Text::new(format!("cannot watch for changes in {root}: {error}")).hint(
                    "check that the folder exists and can be read; on Linux the limit of inotify watches may be reached (fs.inotify.max_user_watches)",
                ),
            ),
            DeskNoSession => pick(
                lang,
                Text::new("skrivebordet kan kun åbnes med adressen, som bogbinder skrev i terminalen")
                    .hint("åbn adressen med ?token=… fra terminalen igen (den skifter, hver gang bogbinder serve startes)"),
                Text::new("the editing desk opens only from the address bogbinder printed in the terminal")
                    .hint("open the address with ?token=… from the terminal again (it changes each time bogbinder serve starts)"),
            ),
            DeskUnknownDocument { id } => pick(
                lang,
                Text::new(format!("{id:?} er ikke en side i content/, som skrivebordet kan åbne"))
                    .hint("vælg siden i listen over sider; skjulte filer, links og filer uden for content/ kan ikke åbnes"),
                Text::new(format!("{id:?} is not a page in content/ the desk can open"))
                    .hint("choose the page in the list of pages; hidden files, links and files outside content/ cannot be opened"),
            ),
            DeskBadRequest { reason } => pick(
                lang,
                Text::new(format!("skrivebordet forstod ikke anmodningen: {reason}"))
                    .hint("genindlæs siden i browseren og prøv igen"),
                Text::new(format!("the desk did not understand the request: {reason}"))
                    .hint("reload the page in the browser and try again"),
            ),
            DeskTooLarge { limit } => pick(
                lang,
                Text::new(format!("det sendte er større end de {limit}, skrivebordet tager imod"))
                    .hint("del teksten op i flere sider, eller gør billedet mindre"),
                Text::new(format!("what was sent is larger than the {limit} the desk accepts"))
                    .hint("split the text into several pages, or make the picture smaller"),
            ),
            DeskConflict { id } => pick(
                lang,
                Text::new(format!("{id} er ændret på disken, siden du åbnede den; intet er gemt"))
                    .hint("sammenlign de to udgaver, vælg hvad der skal med, og gem igen"),
                Text::new(format!("{id} changed on disk since you opened it; nothing was saved"))
                    .hint("compare the two versions, choose what to keep and save again"),
            ),
            DeskCannotSave { id, error } => pick(
                lang,
                Text::new(format!("kan ikke gemme {id}: {error}"))
                    .hint("tjek at mappen kan skrives i og at disken ikke er fuld; din tekst er stadig i skrivebordet"),
                Text::new(format!("cannot save {id}: {error}"))
                    .hint("check that the folder is writable and the disk is not full; your text is still in the desk"),
            ),
            DeskNotOwnWrite => pick(
                lang,
                Text::new("skrivebordet tager kun imod ændringer fra sin egen side")
                    .hint("brug skrivebordet i browseren; andre sider og programmer kan ikke skrive i projektet"),
                Text::new("the desk accepts changes only from its own page")
                    .hint("use the desk in the browser; other pages and programs cannot write to the project"),
            ),
            DeskFromElsewhere => pick(
                lang,
                Text::new("skrivebordet svarer kun sin egen side, og den her anmodning kom fra en anden side")
                    .hint("åbn skrivebordet med adressen fra terminalen og brug knapperne dér; et link på en anden side kan ikke hente eller gemme noget"),
                Text::new("the desk answers only its own page, and this request came from another page")
                    .hint("open the desk with the address from the terminal and use its buttons; a link on another page cannot fetch or save anything"),
            ),
            DeskUnknownVersion { id } => pick(
                lang,
                Text::new(format!("den udgave af {id} findes ikke i historikken"))
                    .hint("vælg en udgave i listen over tidligere udgaver"),
                Text::new(format!("that version of {id} is not in the history"))
                    .hint("choose a version in the list of earlier versions"),
            ),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<ServeProblem> {
    use ServeProblem::*;
    let s = || "x".to_string();
    vec![
        CannotListen {
            bind: s(),
            error: s(),
        },
        CannotListenBooks { error: s() },
        NoAddress { error: s() },
        CannotWatch {
            root: s(),
            error: s(),
        },
        DeskNoSession,
        DeskUnknownDocument { id: s() },
        DeskBadRequest { reason: s() },
        DeskTooLarge { limit: s() },
        DeskConflict { id: s() },
        DeskCannotSave {
            id: s(),
            error: s(),
        },
        DeskNotOwnWrite,
        DeskUnknownVersion { id: s() },
        DeskFromElsewhere,
    ]
}
