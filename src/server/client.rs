//! What the server tells the client unasked: log lines, messages, the file watchers it registers.
//! Each is written at once (see [`crate::framing::notify`]); a client that has gone away is not
//! an error here.

use ls_types::notification::{LogMessage, Notification, ShowMessage};
use ls_types::request::{RegisterCapability, Request};
use ls_types::{
    LogMessageParams, MessageType, Registration, RegistrationParams, ShowMessageParams,
};

use super::jsonrpc;

/// A line in the client's log (`window/logMessage`).
pub fn log(typ: MessageType, message: impl Into<String>) {
    let params = LogMessageParams {
        typ,
        message: message.into(),
    };
    let _ = crate::framing::notify(LogMessage::METHOD, &params);
}

/// A message the client shows its user (`window/showMessage`).
pub fn show(typ: MessageType, message: impl Into<String>) {
    let params = ShowMessageParams {
        typ,
        message: message.into(),
    };
    let _ = crate::framing::notify(ShowMessage::METHOD, &params);
}

/// Registers capabilities with the client (`client/registerCapability`); its answer is not
/// waited for.
pub fn register(registrations: Vec<Registration>) {
    jsonrpc::request(
        RegisterCapability::METHOD,
        &RegistrationParams { registrations },
    );
}
