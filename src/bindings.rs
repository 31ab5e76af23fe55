//! Every `#[wasm_bindgen]` export, and nothing else: reading JS values is in `js_read.rs`,
//! building JS errors in `js_error.rs`, a call's steps in `client.rs`.
//!
//! Every export is `skip_typescript`: the whole public surface is declared by hand in
//! `typings.rs` (generic message signatures, error classes), next to the types tsify
//! generates from the models.

use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::{self, build_inner, check_body, Endpoint, Inner};
use crate::js_error::{issues_to_js, register_classes, to_js_error};

#[wasm_bindgen(js_name = "__registerErrorClasses", skip_typescript)]
pub fn register_error_classes(classes: JsValue) {
    register_classes(classes);
}

// ---------------------------------------------------------------------------------------
// Offline validation.

#[wasm_bindgen(js_name = validateGetOrCreateConversation, skip_typescript)]
pub fn validate_get_or_create_conversation(body: JsValue) -> Array {
    issues_to_js(&check_body(Endpoint::Conversation, &body).1, "").unchecked_into()
}

#[wasm_bindgen(js_name = validateGetOrCreateMessage, skip_typescript)]
pub fn validate_get_or_create_message(body: JsValue) -> Array {
    issues_to_js(&check_body(Endpoint::Message, &body).1, "").unchecked_into()
}

// ---------------------------------------------------------------------------------------
// The client.

#[wasm_bindgen(skip_typescript)]
pub struct Client {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Client {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        match build_inner(&options) {
            Ok(inner) => Ok(Client {
                inner: Rc::new(inner),
            }),
            Err(e) => Err(to_js_error(&e, None, "")),
        }
    }

    #[wasm_bindgen(js_name = getOrCreateConversation)]
    pub fn get_or_create_conversation(&self, body: JsValue, opts: JsValue) -> Promise {
        client::call(self.inner.clone(), Endpoint::Conversation, &body, &opts)
    }

    #[wasm_bindgen(js_name = getOrCreateMessage)]
    pub fn get_or_create_message(&self, body: JsValue, opts: JsValue) -> Promise {
        client::call(self.inner.clone(), Endpoint::Message, &body, &opts)
    }
}

#[wasm_bindgen(js_name = getOrCreateConversation, skip_typescript)]
pub fn get_or_create_conversation(options: JsValue, body: JsValue, opts: JsValue) -> Promise {
    client::one_shot(&options, Endpoint::Conversation, &body, &opts)
}

#[wasm_bindgen(js_name = getOrCreateMessage, skip_typescript)]
pub fn get_or_create_message(options: JsValue, body: JsValue, opts: JsValue) -> Promise {
    client::one_shot(&options, Endpoint::Message, &body, &opts)
}
