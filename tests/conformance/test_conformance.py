"""Conformance of agent-ls, checked by a second, independent client (pytest-lsp on pygls).

pytest-lsp validates every server message against the capabilities the client declares;
pytest.ini turns each such finding into a failure.
"""

import os
import pathlib
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("AGENT_LS_BIN", str(ROOT / "target" / "debug" / "agent-ls"))
URI = "file:///project/.claude/agents/release-helper.md"
TEXT = (
    "---\n"
    "name: release-helper\n"
    "description: Use this agent when preparing a release. 😀\n"
    "tools: 😀x, Read, Bassh\n"
    "color: teal\n"
    "\n"
    "---\n"
    "You prepare releases.\n"
)


def caps(markdown: bool, snippets: bool, encodings=None) -> types.ClientCapabilities:
    formats = [types.MarkupKind.Markdown, types.MarkupKind.PlainText] if markdown else [types.MarkupKind.PlainText]
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(
                    snippet_support=snippets, documentation_format=formats
                )
            ),
            hover=types.HoverClientCapabilities(content_format=formats),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


async def start(client: LanguageClient, capabilities) -> types.InitializeResult:
    result = await client.initialize_session(types.InitializeParams(capabilities=capabilities))
    # the workspace index runs in the background and re-publishes diagnostics when it is done;
    # wait for it so that every later notification answers this test's own edits
    while not any("indexed" in m.message for m in client.log_messages):
        await client.wait_for_notification(types.WINDOW_LOG_MESSAGE)
    return result


def open_doc(client: LanguageClient, uri: str = URI, text: str = TEXT, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )


async def diagnostics(client: LanguageClient, uri: str = URI):
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN]))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_lifecycle_and_capabilities(client: LanguageClient):
    result = await start(client, caps(markdown=True, snippets=True))
    sync = result.capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.open_close is True
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert result.capabilities.hover_provider
    assert result.server_info.name == "agent-ls"


async def test_utf16_positions(client: LanguageClient):
    await start(client, caps(markdown=True, snippets=True))
    open_doc(client)
    diags = await diagnostics(client)
    tool = next(d for d in diags if d.code == "unknown-tool" and "Bassh" in d.message)
    # "tools: 😀x, Read, " is 18 UTF-16 code units
    assert tool.range.start == types.Position(line=3, character=18)
    assert tool.range.end == types.Position(line=3, character=23)


async def test_utf8_positions_when_offered(client: LanguageClient):
    result = await start(client, caps(markdown=True, snippets=True, encodings=[types.PositionEncodingKind.Utf8]))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    open_doc(client)
    diags = await diagnostics(client)
    tool = next(d for d in diags if d.code == "unknown-tool" and "Bassh" in d.message)
    start_col = len("tools: 😀x, Read, ".encode("utf-8"))
    assert tool.range.start == types.Position(line=3, character=start_col)


async def test_incremental_edits(client: LanguageClient):
    await start(client, caps(markdown=True, snippets=True))
    open_doc(client)
    await diagnostics(client)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=4, character=7), end=types.Position(line=4, character=11)),
                    text="red",
                ),
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=3, character=18), end=types.Position(line=3, character=23)),
                    text="Bash",
                ),
            ],
        )
    )
    diags = await diagnostics(client)
    codes = sorted(d.code for d in diags)
    assert "unknown-color" not in codes
    assert [d for d in diags if d.code == "unknown-tool" and "Bassh" in d.message] == []


async def test_completion_respects_client_capabilities(client: LanguageClient):
    await start(client, caps(markdown=False, snippets=False))
    open_doc(client)
    await diagnostics(client)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=5, character=0))
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = {i.label for i in items}
    assert {"model", "permissionMode"} <= labels
    assert all(i.insert_text_format != types.InsertTextFormat.Snippet for i in items)
    assert all(
        not isinstance(i.documentation, types.MarkupContent) or i.documentation.kind == types.MarkupKind.PlainText
        for i in items
    )


async def test_hover_markdown_and_plaintext(client: LanguageClient):
    await start(client, caps(markdown=True, snippets=True))
    open_doc(client)
    await diagnostics(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=3, character=13))
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "Read" in hover.contents.value
    assert hover.range == types.Range(start=types.Position(line=3, character=12), end=types.Position(line=3, character=16))


async def test_plaintext_hover_for_plaintext_clients(client: LanguageClient):
    await start(client, caps(markdown=False, snippets=False))
    open_doc(client)
    await diagnostics(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=4, character=1))
    )
    assert hover.contents.kind == types.MarkupKind.PlainText
    assert "**" not in hover.contents.value


async def test_silent_on_readme(client: LanguageClient):
    await start(client, caps(markdown=True, snippets=True))
    uri = "file:///project/README.md"
    open_doc(client, uri=uri, text="# Notes\n\nKey: value\n")
    assert list(await diagnostics(client, uri)) == []
