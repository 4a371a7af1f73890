// The Monaco TraceQL editor (its own lazy chunk, see TraceQLEditor.tsx): highlighting, markers as
// you type, completion from Tempo's tags and values, hover help, Ctrl/Cmd+Enter to run, history.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { flushSync } from 'react-dom';
import { safeLocalStorage } from '../../state/local-storage';
import { parseTraceQL } from '../../traceql';
import { completionSiteAt, valueQueryFor } from './completion-context.ts';
import { readHistory, rememberQuery } from './history.ts';
import { hoverAt } from './hover.ts';
import { backendErrorMarker, diagnose, type MarkerSpec } from './markers.ts';
import { ensureTraceQLLanguage, monaco } from './monaco.ts';
import { TRACEQL_LANGUAGE_ID } from './monarch.ts';
import type { TraceQLEditorProps } from './props.ts';
import { createSuggestionSource, type SuggestionSource } from './suggestion-source.ts';
import { type Suggestion, type SuggestionKind, suggestionsFor, valuesTagFor } from './suggestions.ts';
import { DARK_THEME, LIGHT_THEME } from './themes.ts';

const DIAGNOSE_DELAY_MS = 150;
const MAX_HEIGHT_PX = 240;
const LINE_HEIGHT_PX = 20;
const MAX_PENDING_ECHOES = 200;

type Monaco = typeof monaco;

function completionKind(m: Monaco, kind: SuggestionKind): number {
  const kinds = m.languages.CompletionItemKind;
  const map: Record<SuggestionKind, number> = {
    scope: kinds.Module,
    intrinsic: kinds.Property,
    attribute: kinds.Field,
    operator: kinds.Operator,
    value: kinds.Value,
    function: kinds.Function,
    keyword: kinds.Keyword,
    snippet: kinds.Snippet,
    history: kinds.Reference,
  };
  return map[kind];
}

function toMonacoMarker(m: Monaco, spec: MarkerSpec) {
  return { ...spec, severity: spec.severity === 'error' ? m.MarkerSeverity.Error : m.MarkerSeverity.Warning };
}

function currentTheme(): string {
  return document.documentElement.classList.contains('dark') ? DARK_THEME : LIGHT_THEME;
}

async function fetchSuggestionData(
  source: SuggestionSource | undefined,
  site: ReturnType<typeof completionSiteAt>,
  text: string,
  offset: number,
) {
  const context = site.context;
  if (!source) return {};
  try {
    if (context.kind === 'field' || context.kind === 'attribute') return { tags: await source.tags() };
    if (context.kind === 'value') {
      const tag = valuesTagFor(context.field);
      if (!tag) return {};
      const q = valueQueryFor(text, offset, (query) => parseTraceQL(query).ok);
      return { values: await source.values(tag, q) };
    }
  } catch {
    // Completion is a convenience: a failing Tempo leaves only the built-in words.
  }
  return {};
}

export default function MonacoQueryEditor(props: TraceQLEditorProps) {
  const { value, datasource, timeRange, error, singleLine = false } = props;
  const outerRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  /** Runs the editor's text (set once the editor exists). */
  const runRef = useRef<(() => void) | null>(null);
  /** Texts handed to onChange that the `value` prop has not caught up with yet. */
  const echoes = useRef<string[]>([]);
  const callbacks = useRef(props);
  callbacks.current = props;
  const queryClient = useQueryClient();
  const startSec = timeRange?.startSec;
  const endSec = timeRange?.endSec;
  const source = useMemo(
    () =>
      datasource
        ? createSuggestionSource(
            queryClient,
            datasource,
            startSec === undefined || endSec === undefined ? undefined : { startSec, endSec },
          )
        : undefined,
    [queryClient, datasource, startSec, endSec],
  );
  const sourceRef = useRef(source);
  sourceRef.current = source;

  // Create the editor once; everything that changes later is read through refs.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    ensureTraceQLLanguage();
    const model = monaco.editor.createModel(callbacks.current.value, TRACEQL_LANGUAGE_ID);
    const editor = monaco.editor.create(container, {
      model,
      theme: currentTheme(),
      ariaLabel: callbacks.current.ariaLabel ?? 'TraceQL query',
      placeholder: callbacks.current.placeholder,
      automaticLayout: true,
      fixedOverflowWidgets: true,
      minimap: { enabled: false },
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 6,
      lineNumbersMinChars: 0,
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      renderLineHighlight: 'none',
      scrollBeyondLastLine: false,
      wordWrap: singleLine ? 'off' : 'on',
      scrollbar: {
        vertical: singleLine ? 'hidden' : 'auto',
        horizontal: singleLine ? 'hidden' : 'auto',
        alwaysConsumeMouseWheel: false,
      },
      fontSize: 13,
      lineHeight: LINE_HEIGHT_PX,
      padding: { top: 6, bottom: 6 },
      // Tab moves focus on, as in any form field (Ctrl+M toggles it back for typing a tab).
      tabFocusMode: true,
      wordBasedSuggestions: 'off',
      quickSuggestions: { other: true, comments: false, strings: true },
      suggestOnTriggerCharacters: true,
      suggest: { showWords: false, insertMode: 'replace' },
      contextmenu: false,
      accessibilitySupport: 'auto',
    });
    editorRef.current = editor;

    const run = () => {
      const text = model.getValue();
      rememberQuery(safeLocalStorage, text);
      // The last keystroke's onChange may not have rendered yet: commit it so onRun sees this text.
      flushSync(() => callbacks.current.onChange(text));
      callbacks.current.onRun();
    };
    runRef.current = run;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, run);
    editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, run);
    if (singleLine) editor.addCommand(monaco.KeyCode.Enter, run, '!suggestWidgetVisible');
    // Esc leaves the editor (when no widget is open), so keyboard users are never trapped in it. Focus
    // lands on the frame around it, where Ctrl/Cmd+Enter still runs the query (see onKeyDown below).
    editor.addCommand(
      monaco.KeyCode.Escape,
      () => {
        outerRef.current?.focus();
      },
      '!suggestWidgetVisible && !parameterHintsVisible && !markersNavigationVisible',
    );

    let diagnoseTimer: ReturnType<typeof setTimeout> | undefined;
    const rediagnose = () => {
      clearTimeout(diagnoseTimer);
      diagnoseTimer = setTimeout(() => {
        if (model.isDisposed()) return;
        const markers = diagnose(model.getValue(), sourceRef.current?.cachedTags());
        monaco.editor.setModelMarkers(
          model,
          'traceql',
          markers.map((spec) => toMonacoMarker(monaco, spec)),
        );
      }, DIAGNOSE_DELAY_MS);
    };
    const changes = model.onDidChangeContent(() => {
      let text = model.getValue();
      if (singleLine && /[\r\n]/.test(text)) {
        text = text.replace(/\r?\n/g, ' ');
        model.setValue(text);
        return;
      }
      monaco.editor.setModelMarkers(model, 'tempo', []);
      echoes.current.push(text);
      if (echoes.current.length > MAX_PENDING_ECHOES) echoes.current.shift();
      callbacks.current.onChange(text);
      rediagnose();
    });
    rediagnose();
    // Once tags arrive, the unscoped-attribute warnings can name the right scope.
    void sourceRef.current?.tags().then(rediagnose, () => undefined);

    const completion = monaco.languages.registerCompletionItemProvider(TRACEQL_LANGUAGE_ID, {
      triggerCharacters: ['.', ' ', '"', '`', '{', '(', '|', ':', '=', ','],
      provideCompletionItems: async (target, position, _context, token) => {
        if (target !== model) return undefined;
        const text = model.getValue();
        const offset = model.getOffsetAt(position);
        const site = completionSiteAt(text, offset);
        const data = await fetchSuggestionData(sourceRef.current, site, text, offset);
        // The editor may have gone (a search re-rendered the page) while Tempo answered.
        if (model.isDisposed() || token.isCancellationRequested) return undefined;
        const history = site.context.kind === 'spanset-start' ? readHistory(safeLocalStorage) : undefined;
        const start = model.getPositionAt(site.from);
        const end = model.getPositionAt(site.to);
        const sameLine = start.lineNumber === position.lineNumber && end.lineNumber === position.lineNumber;
        const replace = sameLine
          ? new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column)
          : new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column);
        const insert = new monaco.Range(
          replace.startLineNumber,
          replace.startColumn,
          position.lineNumber,
          position.column,
        );
        const items = suggestionsFor(site.context, { ...data, history }).map((item: Suggestion) => ({
          label: item.label,
          kind: completionKind(monaco, item.kind),
          insertText: item.insertText,
          insertTextRules: item.snippet
            ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet
            : undefined,
          detail: item.detail,
          documentation: item.documentation ? { value: item.documentation } : undefined,
          sortText: item.sortText,
          range: { insert, replace },
          command: item.retrigger ? { id: 'editor.action.triggerSuggest', title: 'Suggest' } : undefined,
        }));
        return { suggestions: items };
      },
    });
    const hover = monaco.languages.registerHoverProvider(TRACEQL_LANGUAGE_ID, {
      provideHover: (target, position) => {
        if (target !== model) return undefined;
        const help = hoverAt(model.getValue(), model.getOffsetAt(position));
        if (!help) return undefined;
        const from = model.getPositionAt(help.from);
        const to = model.getPositionAt(help.to);
        return {
          range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column),
          contents: help.contents.map((text) => ({ value: text })),
        };
      },
    });

    // Grow with the content (multi-line) up to a limit; one line when single-line.
    const resize = () => {
      const height = singleLine ? LINE_HEIGHT_PX + 12 : Math.min(MAX_HEIGHT_PX, editor.getContentHeight());
      container.style.height = `${height}px`;
      editor.layout();
    };
    const sizes = editor.onDidContentSizeChange(resize);
    resize();

    const themeObserver = new MutationObserver(() => monaco.editor.setTheme(currentTheme()));
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });

    return () => {
      clearTimeout(diagnoseTimer);
      themeObserver.disconnect();
      for (const disposable of [sizes, hover, completion, changes]) disposable.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
      runRef.current = null;
    };
  }, [singleLine]);

  // Outside edits (the search builder, the URL): apply them as an edit so undo keeps working. Echoes
  // of our own onChange are skipped even when stale: typing may be keystrokes ahead of React.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const echo = echoes.current.indexOf(value);
    if (echo >= 0) {
      echoes.current.splice(0, echo + 1);
      return;
    }
    echoes.current = [];
    if (model.getValue() === value) return;
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
  }, [value]);

  // The backend's error belongs to the text it was run on: shown until the text changes.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const marker = error ? backendErrorMarker(model.getValue(), error) : undefined;
    monaco.editor.setModelMarkers(model, 'tempo', marker ? [toMonacoMarker(monaco, marker)] : []);
  }, [error]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the frame takes focus only from the editor's Esc; its keys mirror the editor's
    <div
      ref={outerRef}
      tabIndex={-1}
      onKeyDown={(event) => {
        // After Esc the editor has no focus, so its own Ctrl/Cmd+Enter binding cannot fire: the frame
        // runs the query instead (only when the frame itself has focus: inside, Monaco handles keys).
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || event.shiftKey)) {
          event.preventDefault();
          runRef.current?.();
        }
      }}
      className="w-full overflow-hidden rounded-md border border-slate-300 bg-white focus-within:ring-2 focus-within:ring-sky-500 dark:border-slate-700 dark:bg-slate-900"
      data-testid="traceql-editor"
      data-editor="monaco"
    >
      <div ref={containerRef} />
    </div>
  );
}
