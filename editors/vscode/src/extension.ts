import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import {
  Candidate,
  bundledName,
  documentSelector,
  initializationOptions,
  missingBinaryMessage,
  serverArgs,
  serverCandidates,
} from "./config";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** The first binary that answers `--version`, or what went wrong with each. */
function findServer(context: vscode.ExtensionContext): Candidate | { candidate: Candidate; error: string }[] {
  const configured = vscode.workspace.getConfiguration("agentLs").get<string>("serverPath") || "";
  const bundled = path.join(context.extensionPath, "server", bundledName(process.platform));
  const tried: { candidate: Candidate; error: string }[] = [];
  for (const candidate of serverCandidates(configured, fs.existsSync(bundled) ? bundled : undefined)) {
    const probe = spawnSync(candidate.command, ["--version"], { encoding: "utf8", timeout: 10000 });
    if (!probe.error && probe.status === 0) {
      output?.appendLine(`agent-ls: using ${candidate.command} (${candidate.source}): ${probe.stdout.trim()}`);
      return candidate;
    }
    const error = probe.error ? probe.error.message : `exit code ${probe.status}`;
    output?.appendLine(`agent-ls: cannot start ${candidate.command} (${candidate.source}): ${error}`);
    tried.push({ candidate, error });
  }
  return tried;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer(context);
  if (Array.isArray(found)) {
    const message = missingBinaryMessage(found);
    output?.appendLine(message);
    const choice = await vscode.window.showErrorMessage(message, "Open Settings", "Show Output");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "agentLs.serverPath");
    } else if (choice === "Show Output") {
      output?.show();
    }
    return;
  }
  const command = found.command;
  const serverOptions: ServerOptions = {
    run: { command, args: serverArgs, transport: TransportKind.stdio },
    debug: { command, args: serverArgs, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions,
    outputChannel: output,
  };
  client = new LanguageClient("agentLs", "agent-ls", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("agent-ls");
  context.subscriptions.push(
    output,
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
