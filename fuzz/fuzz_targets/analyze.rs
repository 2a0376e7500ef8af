//! The whole analysis over a bundle of up to four documents (the input is
//! split at 0x1e bytes): spans valid, fixes, fix-all and rename edits change
//! only their ranges, and a fix is not offered again once applied.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let texts: Vec<String> = data
        .splitn(4, |&b| b == 0x1e)
        .map(copydesk_fuzz::text_of)
        .collect();
    copydesk_fuzz::check_bundle(&texts);
});
