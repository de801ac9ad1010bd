/// The TypeScript bindings in ui/src/bindings.ts must match the Rust types.
#[test]
fn bindings_match_the_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings.ts");
    let generated = qunzhu_core::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "ui/src/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p qunzhu-core --test core bindings`"
    );
}
