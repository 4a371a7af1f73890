// Monaco for the TraceQL editor, loaded only inside the editor's lazy chunk: the core API (not the
// bare `monaco-editor` entry, which pulls every language and a 7 MB TypeScript worker), the editor
// features we use, and the editor worker bundled from our origin (CSP: worker-src 'self' blob:).
// See docs/decisions/0080-traceql-editor.md.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
// Features are separate modules in 0.57; editor.api alone types but cannot suggest or hover.
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/placeholderText/register';
import { TRACEQL_LANGUAGE_ID, traceqlLanguageConfiguration, traceqlMonarch } from './monarch.ts';
import { DARK_THEME, darkTheme, LIGHT_THEME, lightTheme } from './themes.ts';

// Monaco reads its environment from this global; the worker is ours, never a CDN URL.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

/** Registers the `traceql` language and the themes once per page (Monaco's registry is global). */
export function ensureTraceQLLanguage(): void {
  if (monaco.languages.getLanguages().some((language) => language.id === TRACEQL_LANGUAGE_ID)) return;
  monaco.languages.register({ id: TRACEQL_LANGUAGE_ID, aliases: ['TraceQL'] });
  monaco.languages.setMonarchTokensProvider(TRACEQL_LANGUAGE_ID, traceqlMonarch);
  monaco.languages.setLanguageConfiguration(TRACEQL_LANGUAGE_ID, traceqlLanguageConfiguration);
  monaco.editor.defineTheme(LIGHT_THEME, lightTheme);
  monaco.editor.defineTheme(DARK_THEME, darkTheme);
}

export { monaco };
