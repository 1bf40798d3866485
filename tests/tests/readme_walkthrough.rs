//! README's walk through the API is the script that CI runs (`examples/walkthrough.sh`, by
//! `.ci/walkthrough.sh`), so that what README shows is what is known to work: each block
//! README quotes between `<!-- walkthrough:begin NAME -->` and `<!-- walkthrough:end NAME -->`
//! is, byte for byte, the script's text between `# walkthrough:begin NAME` and
//! `# walkthrough:end NAME`; both have the same sections in the same order, and the script
//! keeps nothing but blank lines between its sections, so that no command hides there.

const README: &str = include_str!("../../README.md");
const SCRIPT: &str = include_str!("../../examples/walkthrough.sh");

/// A marked section: its name, the line it starts on (from 1), and its lines.
#[derive(Debug)]
struct Section<'a> {
    name: &'a str,
    line: usize,
    lines: Vec<&'a str>,
}

/// The sections of `text` between `{begin}NAME{close}` and `{end}NAME{close}` lines, in
/// order, and the lines between one section's end and the next one's start.
/// Panics on a marker out of place: nested, unclosed, closing another name, or a name twice.
fn sections<'a>(
    file: &str,
    text: &'a str,
    begin: &str,
    end: &str,
    close: &str,
) -> (Vec<Section<'a>>, Vec<&'a str>) {
    let marker = |line: &'a str, prefix: &str| -> Option<&'a str> {
        line.strip_prefix(prefix)?.strip_suffix(close)
    };
    let mut found: Vec<Section<'a>> = Vec::new();
    let mut between = Vec::new();
    // Lines after a section, counted as between sections once another one begins.
    let mut after = Vec::new();
    let mut open: Option<Section<'a>> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        if let Some(name) = marker(line, begin) {
            assert!(
                open.is_none(),
                "{file}:{number}: section {name:?} begins inside another"
            );
            assert!(
                found.iter().all(|s| s.name != name),
                "{file}:{number}: a second section {name:?}"
            );
            between.append(&mut after);
            open = Some(Section {
                name,
                line: number,
                lines: Vec::new(),
            });
        } else if let Some(name) = marker(line, end) {
            let section = open
                .take()
                .unwrap_or_else(|| panic!("{file}:{number}: section {name:?} ends unopened"));
            assert_eq!(
                section.name, name,
                "{file}:{number}: section {:?} ends as {name:?}",
                section.name
            );
            found.push(section);
        } else if let Some(section) = open.as_mut() {
            section.lines.push(line);
        } else if !found.is_empty() {
            after.push(line);
        }
    }
    if let Some(section) = open {
        panic!(
            "{file}:{}: section {:?} never ends",
            section.line, section.name
        );
    }
    (found, between)
}

/// The README's quoted blocks, each the lines inside its ```sh fence.
fn readme_blocks() -> Vec<Section<'static>> {
    let (blocks, _) = sections(
        "README.md",
        README,
        "<!-- walkthrough:begin ",
        "<!-- walkthrough:end ",
        " -->",
    );
    blocks
        .into_iter()
        .map(|block| {
            let fenced = block.lines.len() >= 2
                && block.lines[0] == "```sh"
                && block.lines[block.lines.len() - 1] == "```";
            assert!(
                fenced,
                "README.md:{}: the block {:?} must be exactly one ```sh fence between its markers",
                block.line, block.name
            );
            let inner = block.lines[1..block.lines.len() - 1].to_vec();
            Section {
                lines: inner,
                ..block
            }
        })
        .collect()
}

#[test]
fn readme_quotes_the_walkthrough_script_verbatim() {
    let (script, between) = sections(
        "examples/walkthrough.sh",
        SCRIPT,
        "# walkthrough:begin ",
        "# walkthrough:end ",
        "",
    );
    let readme = readme_blocks();
    assert!(
        !script.is_empty(),
        "examples/walkthrough.sh marks no section"
    );
    assert_eq!(
        readme.iter().map(|s| s.name).collect::<Vec<_>>(),
        script.iter().map(|s| s.name).collect::<Vec<_>>(),
        "README.md quotes other sections of examples/walkthrough.sh (or in another order) \
         than the script marks"
    );
    for (quoted, source) in readme.iter().zip(&script) {
        let differs = quoted
            .lines
            .iter()
            .zip(&source.lines)
            .position(|(a, b)| a != b)
            .or_else(|| {
                (quoted.lines.len() != source.lines.len())
                    .then(|| quoted.lines.len().min(source.lines.len()))
            });
        if let Some(at) = differs {
            panic!(
                "section {:?} differs at its line {}:\n  README.md:{}: {:?}\n  \
                 examples/walkthrough.sh:{}: {:?}\nquote the script's section again, \
                 verbatim, between README's markers",
                source.name,
                at + 1,
                quoted.line + 2 + at,
                quoted.lines.get(at).copied().unwrap_or("(the block ends)"),
                source.line + 1 + at,
                source
                    .lines
                    .get(at)
                    .copied()
                    .unwrap_or("(the section ends)"),
            );
        }
    }
    let hidden: Vec<&str> = between
        .into_iter()
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert!(
        hidden.is_empty(),
        "examples/walkthrough.sh has lines between its sections that README does not quote: \
         {hidden:?}"
    );
}

#[test]
fn the_walkthrough_script_ends_each_run_with_done() {
    // What `.ci/walkthrough.sh` and a reader look for at the end of a successful run.
    assert!(SCRIPT.starts_with("#!/usr/bin/env bash\n"));
    assert!(SCRIPT.contains("\nset -euo pipefail\n"));
    assert!(SCRIPT.trim_end().ends_with("echo \"walkthrough: done\""));
}
