/**
 * Renders build-and-push events: the full stream in the "ECS: Build" channel, and a short line in
 * the cancellable notification (`Step 3/9: RUN npm ci`, `Pushing 45 %`) with the bar moving by
 * step during the build (first 70 %) and by pushed bytes during the push (last 30 %).
 */
import type * as vscode from 'vscode';
import type { ReportProgress } from '../../ui/progress';
import type { BuildAndPushEvent } from '../../workflows/buildAndPush';
import { describeScan } from '../../workflows/imageScan';

const BUILD_SHARE = 70;

export function progressRenderer(
  channel: vscode.OutputChannel,
  report: ReportProgress,
  redact: (text: string) => string,
  withPush: boolean,
): (event: BuildAndPushEvent) => void {
  const buildShare = withPush ? BUILD_SHARE : 100;
  let shown = 0;
  const advance = (to: number, message: string) => {
    const increment = Math.max(0, to - shown);
    shown = Math.max(shown, to);
    report(message, increment);
  };
  return (event) => {
    switch (event.kind) {
      case 'output':
        channel.append(redact(event.text));
        break;
      case 'phase':
        channel.appendLine(redact(`» ${event.message}`));
        if (event.phase !== 'build') report(event.message);
        break;
      case 'step': {
        const { current, total, instruction } = event.step;
        const short = instruction.length > 60 ? `${instruction.slice(0, 57)}…` : instruction;
        advance(Math.floor(((current - 1) / total) * buildShare), `Step ${current}/${total}: ${short}`);
        break;
      }
      case 'push': {
        const s = event.summary;
        const layers =
          s.alreadyPresent > 0 ? ` (${s.alreadyPresent} of ${s.layers} layers already there)` : '';
        advance(
          buildShare + Math.floor((s.percent / 100) * (100 - buildShare)),
          `Pushing ${event.tag}: ${s.percent} %${layers}`,
        );
        break;
      }
      case 'scan':
        if (event.final) channel.appendLine(redact(`» ${describeScan(event.report)}`));
        else report(`Waiting for the image scan: ${event.status.toLowerCase().replace(/_/g, ' ')}`);
        break;
    }
  };
}
