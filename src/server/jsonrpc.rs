//! JSON-RPC 2.0 as the protocol uses it: a frame's body read into a [`Message`] in one pass (the
//! parameters kept as raw JSON until the handler's type reads them), the errors the
//! specifications give, and the answers and notifications written back.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::framing;

/// A request's id: a number or a string (`null` only in an answer to a message without one).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Id {
    Number(i64),
    String(String),
    Null,
}

/// An error as JSON-RPC writes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Error {
    pub code: i64,
    pub message: Cow<'static, str>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    fn new(code: i64, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }
    pub fn parse_error() -> Self {
        Self::new(-32700, "Parse error")
    }
    pub fn invalid_request() -> Self {
        Self::new(-32600, "Invalid request")
    }
    pub fn method_not_found() -> Self {
        Self::new(-32601, "Method not found")
    }
    pub fn invalid_params(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(-32602, message)
    }
    pub fn internal_error() -> Self {
        Self::new(-32603, "Internal error")
    }
    /// A request before `initialize` (LSP).
    pub fn server_not_initialized() -> Self {
        Self::new(-32002, "Server not initialized")
    }
    /// A request the client cancelled before it was answered (LSP).
    pub fn request_cancelled() -> Self {
        Self::new(-32800, "Canceled")
    }
}

/// One message from the client.
#[derive(Debug)]
pub enum Message<'a> {
    Request {
        id: Id,
        method: Cow<'a, str>,
        params: Option<&'a RawValue>,
    },
    Notification {
        method: Cow<'a, str>,
        params: Option<&'a RawValue>,
    },
    /// The client's answer to one of the server's requests; nothing waits for it.
    Response,
}

/// Whether a field is present at all (even as `null`), without keeping its value.
#[derive(Default)]
struct Present(bool);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        IgnoredAny::deserialize(d)?;
        Ok(Present(true))
    }
}

/// An `id` that may be `null` and still be there.
#[derive(Default)]
struct MaybeId(Option<Id>);

impl<'de> Deserialize<'de> for MaybeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Id::deserialize(d).map(|id| MaybeId(Some(id)))
    }
}

/// A response's `error`, as far as its form matters.
#[derive(Deserialize)]
struct ErrorShape {
    #[allow(dead_code)]
    code: i64,
    #[allow(dead_code)]
    message: IgnoredAny,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    jsonrpc: Option<Cow<'a, str>>,
    #[serde(borrow)]
    method: Option<Cow<'a, str>>,
    #[serde(default)]
    id: MaybeId,
    #[serde(borrow)]
    params: Option<&'a RawValue>,
    #[serde(default)]
    result: Present,
    #[serde(default)]
    error: Option<serde_json::Value>,
}

/// Reads one frame's body: a message, or the error to answer it with (`-32700` when it is not
/// JSON, `-32600` when it is JSON but no JSON-RPC 2.0 message).
pub fn decode(body: &[u8]) -> Result<Message<'_>> {
    let body = std::str::from_utf8(body).map_err(|_| Error::parse_error())?;
    if body.trim().is_empty() {
        return Err(Error::parse_error());
    }
    let env: Envelope = match serde_json::from_str(body) {
        Ok(env) => env,
        Err(e) if e.is_data() => return Err(Error::invalid_request()),
        Err(_) => return Err(Error::parse_error()),
    };
    if env.jsonrpc.as_deref() != Some("2.0") {
        return Err(Error::invalid_request());
    }
    match (env.method, env.id.0) {
        (Some(method), Some(id)) => Ok(Message::Request {
            id,
            method,
            params: env.params,
        }),
        (Some(method), None) => Ok(Message::Notification {
            method,
            params: env.params,
        }),
        (None, Some(_)) => {
            let error_ok = env
                .error
                .as_ref()
                .is_some_and(|e| serde_json::from_value::<ErrorShape>(e.clone()).is_ok());
            if env.result.0 != error_ok {
                Ok(Message::Response)
            } else {
                Err(Error::invalid_request())
            }
        }
        (None, None) => Err(Error::invalid_request()),
    }
}

/// Reads parameters of type `P`; absent parameters read as `null`.
pub fn params<P: serde::de::DeserializeOwned>(raw: Option<&RawValue>) -> Result<P> {
    let text = raw.map_or("null", RawValue::get);
    serde_json::from_str(text).map_err(|e| Error::invalid_params(e.to_string()))
}

/// Writes the answer to request `id`.
pub fn respond<R: Serialize>(id: &Id, result: Result<R>) {
    #[derive(Serialize)]
    struct Answer<'a, R> {
        jsonrpc: &'static str,
        id: &'a Id,
        result: R,
    }
    #[derive(Serialize)]
    struct Refusal<'a> {
        jsonrpc: &'static str,
        id: &'a Id,
        error: Error,
    }
    let refusal = |error| {
        serde_json::to_vec(&Refusal {
            jsonrpc: "2.0",
            id,
            error,
        })
    };
    let bytes = match result {
        Ok(result) => serde_json::to_vec(&Answer {
            jsonrpc: "2.0",
            id,
            result,
        })
        .or_else(|_| refusal(Error::internal_error())),
        Err(error) => refusal(error),
    };
    // a client that has gone away is not an error here
    if let Ok(bytes) = bytes {
        let _ = framing::write_message(&bytes);
    }
}

/// Sends a request to the client. Its answer is not waited for: the server asks only what it can
/// do without (registering file watchers).
pub fn request<P: Serialize>(method: &str, params: &P) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    #[derive(Serialize)]
    struct Request<'a, P> {
        jsonrpc: &'static str,
        id: String,
        method: &'a str,
        params: &'a P,
    }
    let id = format!("agent-ls/{}", NEXT.fetch_add(1, Ordering::Relaxed));
    if let Ok(bytes) = serde_json::to_vec(&Request {
        jsonrpc: "2.0",
        id,
        method,
        params,
    }) {
        let _ = framing::write_message(&bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> Option<i64> {
        decode(body.as_bytes()).err().map(|e| e.code)
    }

    #[test]
    fn messages_are_told_apart_and_broken_ones_get_their_error() {
        let m = decode(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[1]}}"#);
        match m {
            Ok(Message::Request { id, method, params }) => {
                assert_eq!(id, Id::Number(1));
                assert_eq!(method, "x");
                assert_eq!(params.map(|p| p.get()), Some(r#"{"a":[1]}"#));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode(br#"{"jsonrpc":"2.0","id":null,"method":"x"}"#),
            Ok(Message::Request { id: Id::Null, .. })
        ));
        assert!(matches!(
            decode(br#"{"jsonrpc":"2.0","method":"exit"}"#),
            Ok(Message::Notification { .. })
        ));
        assert!(matches!(
            decode(br#"{"jsonrpc":"2.0","id":"s","result":null}"#),
            Ok(Message::Response)
        ));
        assert!(matches!(
            decode(br#"{"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"m"}}"#),
            Ok(Message::Response)
        ));
        assert_eq!(code("{x}"), Some(-32700));
        assert_eq!(code("  "), Some(-32700));
        assert_eq!(code("[1, 2, 3]"), Some(-32600));
        assert_eq!(code(r#"{"jsonrpc":"2.0","method":5}"#), Some(-32600));
        assert_eq!(code(r#"{"jsonrpc":"1.0","method":"x"}"#), Some(-32600));
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#),
            Some(-32600)
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1}"#), Some(-32600));
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}"#),
            Some(-32600)
        );
        assert_eq!(
            decode(b"\xff\xfe").err().map(|e| e.code),
            Some(-32700),
            "not UTF-8"
        );
    }

    #[test]
    fn absent_parameters_read_as_null() {
        assert_eq!(params::<()>(None), Ok(()));
        let raw = RawValue::from_string("{}".into()).ok();
        assert_eq!(
            params::<Option<u8>>(raw.as_deref()).map_err(|e| e.code),
            Err(-32602)
        );
    }
}
