fn main() {
    // Point tauri-build at the real capabilities folder, so a no-op `cargo build` stays a no-op.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
