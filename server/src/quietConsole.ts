/**
 * The protocol library logs a message it cannot read as a request, response or notification with
 * the message whole ("Received message which is neither a response nor a notification message:"
 * and its JSON): a didOpen with a malformed id would put the letter's text in the editor's log,
 * which gets letter text only when the user turns tracing on. This console keeps the first line.
 */
import type { ConsoleFeature } from 'vscode-languageserver';

/** Whether a library log line carries a message's content after its first line. */
const WITH_CONTENT = /^(Received message which is neither a response nor a notification message:|Received response message without id: Error is:)/;

export function withoutMessageContent(message: string): string {
  const m = WITH_CONTENT.exec(message);
  return m ? `${m[1].replace(/:$/, '')} (its content is not logged: it may hold letter text).` : message;
}

export const quietConsole: ConsoleFeature<object> = (Base) =>
  class extends Base {
    error(message: string): void {
      super.error(withoutMessageContent(message));
    }
    warn(message: string): void {
      super.warn(withoutMessageContent(message));
    }
    info(message: string): void {
      super.info(withoutMessageContent(message));
    }
    log(message: string): void {
      super.log(withoutMessageContent(message));
    }
  };
