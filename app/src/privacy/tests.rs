//! The registry and `docs/PRIVACY.md` name the same tables, each once; and what the
//! registry says holds together (a kept line says why, what is blanked can be blanked).

use std::collections::BTreeSet;

use super::retention::{REGISTRY, Rule, Tie, rule_of};

/// The tables the retention table of `docs/PRIVACY.md` names, in its order: the first
/// cell of each row, in backticks.
fn documented_tables() -> Vec<String> {
    let doc = include_str!("../../../docs/PRIVACY.md");
    let section = doc
        .split("## The retention table")
        .nth(1)
        .expect("docs/PRIVACY.md has a section \"The retention table\"");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(table, _)| table.to_owned()))
        .collect()
}

#[test]
fn the_privacy_document_names_the_tables_of_the_registry() {
    let documented = documented_tables();
    let registered: Vec<String> = REGISTRY.iter().map(|line| line.table.to_owned()).collect();
    let documented_set: BTreeSet<&String> = documented.iter().collect();
    let registered_set: BTreeSet<&String> = registered.iter().collect();
    assert_eq!(
        documented_set.len(),
        documented.len(),
        "a table documented twice"
    );
    assert_eq!(
        registered_set.len(),
        registered.len(),
        "a table registered twice"
    );
    let missing: Vec<_> = registered_set.difference(&documented_set).collect();
    let extra: Vec<_> = documented_set.difference(&registered_set).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/PRIVACY.md lacks {missing:?} and has {extra:?} that the registry does not"
    );
}

#[test]
fn each_line_of_the_registry_holds_together() {
    for line in REGISTRY {
        match line.rule {
            Rule::Keep { because, .. } | Rule::NotPersonal { because } => {
                assert!(!because.is_empty(), "{} says why it is kept", line.table);
            }
            Rule::Anonymise { columns } => {
                assert!(!columns.is_empty(), "{} blanks something", line.table);
            }
            Rule::Erase => {}
        }
        // Only what is tied to nobody may be left untouched as not personal.
        if matches!(line.rule, Rule::NotPersonal { .. }) {
            assert_eq!(line.tie, Tie::Unlinked, "{}", line.table);
        }
        if line.tie == Tie::Unlinked {
            assert!(
                matches!(line.rule, Rule::NotPersonal { .. } | Rule::Keep { .. }),
                "{} is tied to nobody, so closing cannot erase it",
                line.table
            );
        }
    }
    assert!(rule_of("applicants").is_some_and(|line| !line.keeps_personal("address")));
    assert!(rule_of("applicants").is_some_and(|line| line.keeps_personal("nik")));
    assert!(rule_of("users").is_some_and(|line| !line.keeps_personal("email")));
    assert!(rule_of("no_such_table").is_none());
}
