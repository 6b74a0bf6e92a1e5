/** Starts the built language server over stdio and talks LSP to it, as an editor would. */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  PublishDiagnosticsNotification,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './corpus';

export interface TestServer {
  connection: ProtocolConnection;
  child: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`, or rejects after `ms`. */
  diagnosticsFor(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, ms?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the next imr/status notification for `uri`, or rejects after `ms`. */
  statusFor(uri: string, ms?: number): Promise<Record<string, unknown>>;
  /** What the server gets for workspace/configuration of the `imr` section. */
  settings: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Starts dist/server.js (or another build of it: `serverModule`, e.g. for the bench). */
export function startServer(serverModule = path.join(repoRoot, 'dist', 'server.js')): TestServer {
  const child = spawn(process.execPath, [serverModule, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  // Requests the server makes of the client (configuration, registration) get empty answers.
  const settings: Record<string, unknown> = {};
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((i) => (i.section === 'imr' ? settings : {})),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  return {
    connection,
    child,
    settings,
    diagnosticsFor(uri, accept = () => true, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${ms} ms`)), ms);
        waiters.push({
          uri,
          accept,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    statusFor(uri, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no imr/status for ${uri} within ${ms} ms`)), ms);
        const sub = connection.onNotification('imr/status', (s: Record<string, unknown>) => {
          if (s.uri !== uri) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(s);
        });
      });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      child.kill();
    },
  };
}
