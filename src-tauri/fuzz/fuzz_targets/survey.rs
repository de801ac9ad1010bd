#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| qunzhu_core::fuzzing::survey(data));
