// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// mimalloc: a big import parses rows on one thread and writes them on another, and glibc's
// allocator is slow at freeing memory across threads (measured with qunzhu-bench import).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    qunzhu_app::run();
}
