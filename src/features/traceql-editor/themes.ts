// Editor themes matching the app's slate palette, light and dark (index.css; html.dark switches).
import type { editor } from 'monaco-editor/editor/editor.api';

export const LIGHT_THEME = 'tracelight-light';
export const DARK_THEME = 'tracelight-dark';

export const lightTheme: editor.IStandaloneThemeData = {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'type.scope', foreground: '7c3aed' },
    { token: 'variable.attribute', foreground: '1d4ed8' },
    { token: 'keyword.intrinsic', foreground: '0f766e', fontStyle: 'bold' },
    { token: 'keyword', foreground: '9333ea' },
    { token: 'predefined.function', foreground: 'b45309' },
    { token: 'constant.status', foreground: 'be123c' },
    { token: 'constant.kind', foreground: 'be123c' },
    { token: 'number', foreground: '15803d' },
    { token: 'number.duration', foreground: '15803d', fontStyle: 'bold' },
    { token: 'string', foreground: 'a16207' },
    { token: 'string.escape', foreground: 'c2410c' },
    { token: 'comment', foreground: '64748b', fontStyle: 'italic' },
    { token: 'operator', foreground: '334155' },
    { token: 'operator.structural', foreground: 'c026d3', fontStyle: 'bold' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.foreground': '#0f172a',
    'editorLineNumber.foreground': '#94a3b8',
    'editor.lineHighlightBackground': '#f8fafc',
  },
};

export const darkTheme: editor.IStandaloneThemeData = {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'type.scope', foreground: 'c4b5fd' },
    { token: 'variable.attribute', foreground: '93c5fd' },
    { token: 'keyword.intrinsic', foreground: '5eead4', fontStyle: 'bold' },
    { token: 'keyword', foreground: 'd8b4fe' },
    { token: 'predefined.function', foreground: 'fcd34d' },
    { token: 'constant.status', foreground: 'fda4af' },
    { token: 'constant.kind', foreground: 'fda4af' },
    { token: 'number', foreground: '86efac' },
    { token: 'number.duration', foreground: '86efac', fontStyle: 'bold' },
    { token: 'string', foreground: 'fde68a' },
    { token: 'string.escape', foreground: 'fdba74' },
    { token: 'comment', foreground: '94a3b8', fontStyle: 'italic' },
    { token: 'operator', foreground: 'cbd5e1' },
    { token: 'operator.structural', foreground: 'f0abfc', fontStyle: 'bold' },
  ],
  colors: {
    'editor.background': '#0f172a',
    'editor.foreground': '#f1f5f9',
    'editorLineNumber.foreground': '#64748b',
    'editor.lineHighlightBackground': '#1e293b',
  },
};
