//! One document's extraction on arbitrary text: no panic, every span valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = copydesk_fuzz::text_of(data);
    let facts = copydesk_core::extract::extract(&text);
    copydesk_fuzz::check_facts(&text, &facts);
});
