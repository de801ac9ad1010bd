//! The core's modules stand in floors, from the ground up; a module names (`crate::…`) only
//! modules of its own floor or below. This reads every source file and fails on a name that
//! reaches up, and on a module no floor holds (a new module must be given its place here).

use std::collections::BTreeSet;
use std::path::Path;

/// Ground first. ARCHITECTURE.md's floors, as the modules are today.
const FLOORS: &[&[&str]] = &[
    &["i18n"],
    &["error"],
    &["store", "backup", "settings", "trash", "search", "staging", "grants", "jobs", "ics", "render"],
    &["members", "tags", "photos", "birthdays", "lunar"],
    &["cohorts", "roles", "serials"],
    // Rituals, engagement and the member import (export writes the header the import reads back).
    &["sop", "completion_rule", "wording", "calendar", "engagement", "points", "import", "export"],
    &["growth", "chats", "posters", "certificates", "batches"],
    &["retro", "demo", "app", "commands", "bindings", "fuzzing"],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

/// The top-level modules a source text names: `crate::x` anywhere, and each name of a
/// `use crate::{x, y::z}` group.
fn named(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let head: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        out.insert(head);
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            out.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Upward names in the tree under `src`: "file: module (floor) names module (floor)".
fn upward(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut problems = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "lib" || top == "bin" {
            continue;
        }
        let Some(own) = floor_of(&top) else {
            problems.push(format!("{}: module {top} stands on no floor", rel.display()));
            continue;
        };
        for name in named(&std::fs::read_to_string(&file).unwrap()) {
            if let Some(theirs) = floor_of(&name).filter(|&f| f > own) {
                problems.push(format!("{}: {top} (floor {own}) names {name} (floor {theirs})", rel.display()));
            }
        }
    }
    problems
}

#[test]
fn no_module_names_one_on_a_floor_above_it() {
    let problems = upward(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(problems.is_empty(), "upward imports:\n{}", problems.join("\n"));
}

#[test]
fn the_check_sees_an_upward_name_in_a_use_group_and_in_a_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("growth")).unwrap();
    std::fs::write(dir.path().join("members.rs"), "use crate::{settings, growth::report};\n").unwrap();
    std::fs::write(dir.path().join("cohorts.rs"), "// crate::retro in a comment is not a use\nfn f() { crate::retro::metrics(); }\n").unwrap();
    std::fs::write(dir.path().join("growth/mod.rs"), "use crate::cohorts;\n").unwrap();
    std::fs::write(dir.path().join("wanderer.rs"), "").unwrap();
    let mut found = upward(dir.path());
    found.sort();
    assert_eq!(
        found,
        [
            "cohorts.rs: cohorts (floor 4) names retro (floor 7)",
            "members.rs: members (floor 3) names growth (floor 6)",
            "wanderer.rs: module wanderer stands on no floor",
        ]
    );
}
