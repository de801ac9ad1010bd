#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| qunzhu_core::fuzzing::svg_template(data));
