// What other features use of the logs screen: its list of log lines. The page loads lazily, not from here.
export { LogLines } from './LogLines';
export { shownLogLines } from './shown-lines';
