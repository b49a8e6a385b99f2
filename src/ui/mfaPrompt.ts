/** Asks for an MFA code when a role profile has `mfa_serial` (hooked into fromIni's mfaCodeProvider). */
import * as vscode from 'vscode';
import type { MfaCodeProvider } from '../aws/credentials';
import { UserCancelledError } from './errors';

export function createMfaCodeProvider(): MfaCodeProvider {
  return async (mfaSerial: string) => {
    const code = await vscode.window.showInputBox({
      title: 'AWS Multi-Factor Authentication',
      prompt: `Enter the current code of the MFA device: ${mfaSerial}`,
      placeHolder: '123456',
      ignoreFocusOut: true,
      validateInput: (value) => (/^\d{6}$/.test(value.trim()) ? undefined : 'Enter the 6-digit code.'),
    });
    if (code === undefined) throw new UserCancelledError();
    return code.trim();
  };
}
