//! The error classes are listed once, in `src/error.rs` (`CLASSES`). The JS classes
//! (`pkg-template/errors.js`) and their declarations in the `.d.ts` (`src/typings.rs`) are
//! written by hand beside it; this test fails as soon as either names a class or a code that
//! the list does not, or misses one.
#![cfg(not(target_arch = "wasm32"))]

use botpress_chat_wasm::error::{ApiError, Error, CLASSES};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// `"a", "b")…` → ("a", "b"); empty strings when the text is not of that form.
fn parts_owned(rest: &str) -> (String, String) {
    let p: Vec<&str> = rest.splitn(5, '"').collect();
    let at = |i: usize| p.get(i).copied().unwrap_or_default().to_owned();
    (at(1), at(3))
}

fn expected() -> Vec<(String, String)> {
    CLASSES
        .iter()
        .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
        .collect()
}

#[test]
fn errors_js_defines_exactly_the_listed_classes() {
    let js = read("pkg-template/errors.js");
    let defined: Vec<(String, String)> = js
        .match_indices("= define(")
        .map(|(at, _)| parts_owned(&js[at + "= define(".len()..]))
        .collect();
    assert_eq!(
        defined,
        expected(),
        "pkg-template/errors.js: define(name, code) calls"
    );
    for (name, _) in CLASSES {
        assert!(
            js.contains(&format!("export const {name} = define(\"{name}\"")),
            "{name} is exported under its own name"
        );
        assert!(
            js.contains(&format!("  {name},\n")),
            "{name} is in errorClasses (the wasm side looks classes up by name)"
        );
    }
}

#[test]
fn the_typings_declare_exactly_the_listed_classes() {
    let ts = read("src/typings.rs");
    let codes: Vec<String> = CLASSES.iter().map(|(_, c)| format!("\"{c}\"")).collect();
    assert!(
        ts.contains(&format!(
            "export type BotpressErrorCode = {};",
            codes.join(" | ")
        )),
        "BotpressErrorCode is the union of the listed codes, in order"
    );
    let names: Vec<&str> = CLASSES.iter().map(|(n, _)| *n).collect();
    assert!(
        ts.contains(&format!(
            "export type BotpressError = {};",
            names.join(" | ")
        )),
        "BotpressError is the union of the listed classes"
    );
    let declared: Vec<(String, String)> = ts
        .match_indices("export class ")
        .filter_map(|(at, _)| {
            let body = &ts[at..];
            let name = body["export class ".len()..].split(' ').next()?.to_owned();
            if !body.contains("extends BotpressError") {
                return None;
            }
            let block = &body[..body.find("\n}")?];
            let code = block
                .split("readonly code: \"")
                .nth(1)?
                .split('"')
                .next()?
                .to_owned();
            assert!(
                block.contains(&format!("readonly name: \"{name}\"")),
                "{name} declares its own name"
            );
            Some((name, code))
        })
        .collect();
    assert_eq!(
        declared,
        expected(),
        "src/typings.rs: error classes and their codes"
    );
}

#[test]
fn each_variant_reports_its_listed_class() {
    let variants = [
        Error::Validation {
            context: "x",
            issues: Vec::new(),
        },
        Error::Api(ApiError {
            status: 500,
            kind: "Unknown".into(),
            id: None,
            message: String::new(),
            metadata: None,
            request_id: None,
            retryable: true,
        }),
        Error::Network {
            message: String::new(),
        },
        Error::Timeout { timeout_ms: 1 },
        Error::Aborted,
        Error::InvalidResponse {
            status: 200,
            issues: Vec::new(),
        },
    ];
    let got: Vec<(String, String)> = variants
        .iter()
        .map(|e| (e.name().to_owned(), e.code().to_owned()))
        .collect();
    let mut listed = expected();
    let last = listed.pop();
    assert_eq!(
        last,
        Some(("InternalError".to_owned(), "internal".to_owned())),
        "InternalError comes last: the entry raises it, not Rust"
    );
    assert_eq!(got, listed);
}
