//! The crate graph stays as the layout says: the core library pulls neither Tauri nor the CLI's
//! parser, and the CLI builds without Tauri or WebKit (read from the manifests themselves).

fn dependencies(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(manifest)).unwrap();
    let mut names = Vec::new();
    let mut normal = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            normal = line == "[dependencies]" || (line.starts_with("[target.") && line.ends_with(".dependencies]"));
        } else if normal && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                names.push(name.trim().to_string());
            }
        }
    }
    names
}

#[test]
fn the_core_needs_no_tauri_and_no_cli_parser_and_the_cli_no_tauri() {
    let core = dependencies("../core/Cargo.toml");
    assert!(core.iter().any(|d| d == "rusqlite"), "the manifest was read: {core:?}");
    for unwanted in ["tauri", "clap", "mimalloc", "libc"] {
        assert!(!core.iter().any(|d| d.starts_with(unwanted)), "qunzhu-core depends on {unwanted}: {core:?}");
    }
    let cli = dependencies("Cargo.toml");
    assert!(cli.iter().any(|d| d == "qunzhu-core") && cli.iter().any(|d| d == "clap"), "{cli:?}");
    assert!(!cli.iter().any(|d| d.starts_with("tauri") || d == "qunzhu"), "qunzhu-cli depends on the shell: {cli:?}");
}
