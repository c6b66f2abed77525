import { spawnSync } from "child_process";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { documentSelector, initializationOptions, missingBinaryMessage, serverArgs } from "./config";

let client: LanguageClient | undefined;

function serverPath(): string {
  return vscode.workspace.getConfiguration("agentLs").get<string>("serverPath") || "agent-ls";
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = serverPath();
  const probe = spawnSync(command, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    const choice = await vscode.window.showErrorMessage(missingBinaryMessage(command), "Open Settings");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "agentLs.serverPath");
    }
    return;
  }
  const serverOptions: ServerOptions = {
    run: { command, args: serverArgs, transport: TransportKind.stdio },
    debug: { command, args: serverArgs, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions,
    outputChannelName: "agent-ls",
  };
  client = new LanguageClient("agentLs", "agent-ls", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("agentLs.restartServer", async () => {
      if (client) {
        await client.stop();
        client = undefined;
      }
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("agentLs.serverPath")) {
        await vscode.commands.executeCommand("agentLs.restartServer");
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
