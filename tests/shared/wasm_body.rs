// Shared body of the wasm-bindgen-test suites: included by tests/wasm_node.rs (Node) and
// tests/wasm_browser.rs (headless Chromium). The network tests talk to the emulator whose
// URL the Makefile passes at build time in BOTPRESS_EMULATOR_URL.

use botpress_chat_wasm::bindings::{self, Client};
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

// Not env!(): that would stop every wasm test binary from compiling without the variable;
// this fails only the network tests, and says how to run them.
#[allow(clippy::option_env_unwrap)]
fn emulator() -> &'static str {
    option_env!("BOTPRESS_EMULATOR_URL").expect("build the wasm tests with BOTPRESS_EMULATOR_URL set (make test-wasm does)")
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).expect("readable")
}

fn options(extra: &str) -> JsValue {
    let mut s = String::from(r#"{"token":"tok_secret_123","botId":"bot_1","baseUrl":""#);
    s.push_str(emulator());
    s.push('"');
    s.push_str(extra);
    s.push('}');
    json(&s)
}

async fn control(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let fetch: js_sys::Function = get(&js_sys::global(), "fetch").unchecked_into();
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &method.into()).unwrap();
    if let Some(b) = body {
        Reflect::set(&init, &"body".into(), &b.into()).unwrap();
    }
    let url = String::from(emulator()) + path;
    let res = JsFuture::from(fetch.call2(&JsValue::UNDEFINED, &url.into(), &init).unwrap().unchecked_into::<Promise>()).await.unwrap();
    let text: Promise = Reflect::get(&res, &"text".into()).unwrap().unchecked_into::<js_sys::Function>().call0(&res).unwrap().unchecked_into();
    JsFuture::from(text).await.unwrap()
}

fn conversation_body(tag: &str) -> JsValue {
    json(&(String::from(r#"{"channel":"web","tags":{"wasm-test":""#) + tag + r#""}}"#))
}

#[wasm_bindgen_test]
fn validate_reports_every_missing_field() {
    let issues = bindings::validate_get_or_create_message(Object::new().into());
    let paths: Vec<String> = issues.iter().map(|i| get(&i, "path").as_string().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(sorted, ["conversationId", "payload", "tags", "type", "userId"]);
    assert!(issues.iter().all(|i| get(&i, "code").as_string().as_deref() == Some("required")));
}

#[wasm_bindgen_test]
fn validate_never_throws_on_js_only_values() {
    for v in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from(1.5), js_sys::BigInt::from(7).into(), js_sys::Symbol::for_("s").into(), Array::new().into()] {
        let issues = bindings::validate_get_or_create_conversation(v);
        assert!(issues.length() >= 1);
    }
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"channel".into(), &"c".into()).unwrap();
    Reflect::set(&cyclic, &"tags".into(), &cyclic).unwrap();
    let issues = bindings::validate_get_or_create_conversation(cyclic.into());
    assert_eq!(get(&issues.get(0), "path").as_string().as_deref(), Some("tags"));
}

#[wasm_bindgen_test]
fn constructor_rejects_bad_options_with_named_fields() {
    let err = Client::new(json(r#"{"token":"","botId":"b","baseUrl":"http://example.com"}"#)).err().expect("throws");
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("ValidationError"));
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_request"));
    let paths: Vec<String> = get(&err, "issues").unchecked_into::<Array>().iter().map(|i| get(&i, "path").as_string().unwrap()).collect();
    assert!(paths.contains(&"token".to_string()) && paths.contains(&"baseUrl".to_string()), "{paths:?}");
}

#[wasm_bindgen_test]
async fn get_or_create_round_trip_against_the_emulator() {
    let client = Client::new(options("")).expect("valid options");
    let tag = js_sys::Math::random().to_string();
    let first = JsFuture::from(client.get_or_create_conversation(conversation_body(&tag), JsValue::UNDEFINED)).await.expect("created");
    let conv = get(&first, "conversation");
    let id = get(&conv, "id").as_string().unwrap();
    assert!(id.starts_with("conv_") && id.len() == 31, "{id}");
    assert_eq!(get(&get(&first, "meta"), "created").as_bool(), Some(true));

    let again = JsFuture::from(client.get_or_create_conversation(conversation_body(&tag), JsValue::UNDEFINED)).await.expect("found");
    assert_eq!(get(&get(&again, "conversation"), "id").as_string(), Some(id.clone()));
    assert_eq!(get(&get(&again, "meta"), "created").as_bool(), Some(false));

    let user = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";
    let msg = String::from(r#"{"type":"text","payload":{"text":"hi from wasm"},"userId":""#) + user + r#"","conversationId":""# + &id + r#"","tags":{"k":"v"}}"#;
    let out = JsFuture::from(client.get_or_create_message(json(&msg), JsValue::UNDEFINED)).await.expect("message");
    let m = get(&out, "message");
    assert!(get(&m, "id").as_string().unwrap().starts_with("msg_"));
    assert_eq!(get(&get(&m, "payload"), "text").as_string().as_deref(), Some("hi from wasm"));
}

#[wasm_bindgen_test]
async fn retries_a_503_then_succeeds() {
    control("POST", "/__emulator/faults", Some(r#"{"path":"/v1/chat/conversations/get-or-create","status":503,"headers":{"retry-after":"0"},"times":1}"#)).await;
    let client = Client::new(options("")).unwrap();
    let out = JsFuture::from(client.get_or_create_conversation(conversation_body("retry"), JsValue::UNDEFINED)).await;
    assert!(out.is_ok(), "a single 503 is retried");
}

#[wasm_bindgen_test]
async fn a_404_is_an_api_error_with_the_real_status_and_no_token() {
    let client = Client::new(options(r#","maxRetries":0"#)).unwrap();
    let msg = r#"{"type":"text","payload":{"text":"x"},"userId":"user_01HF58RDKE3M7K5RJ5XZ7GF6HE","conversationId":"conv_00000000000000000000000000","tags":{}}"#;
    let err = JsFuture::from(client.get_or_create_message(json(msg), JsValue::UNDEFINED)).await.expect_err("unknown conversation");
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("ApiError"));
    assert_eq!(get(&err, "status").as_f64(), Some(404.0));
    assert_eq!(get(&err, "type").as_string().as_deref(), Some("ResourceNotFound"));
    assert_eq!(get(&err, "retryable").as_bool(), Some(false));
    let all = js_sys::JSON::stringify(&err).unwrap().as_string().unwrap() + &get(&err, "message").as_string().unwrap() + &get(&err, "stack").as_string().unwrap_or_default();
    assert!(!all.contains("tok_secret_123"));
}

#[wasm_bindgen_test]
async fn a_hanging_server_times_out() {
    control("POST", "/__emulator/faults", Some(r#"{"path":"/v1/chat/conversations/get-or-create","hang":true,"times":1}"#)).await;
    let client = Client::new(options(r#","timeoutMs":150,"maxRetries":0"#)).unwrap();
    let err = JsFuture::from(client.get_or_create_conversation(conversation_body("hang"), JsValue::UNDEFINED)).await.expect_err("times out");
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("TimeoutError"));
    assert_eq!(get(&err, "timeoutMs").as_f64(), Some(150.0));
}
