// What other features and the top bar use of the settings feature.
export { ConfigLoadStatus } from './ConfigLoadStatus';
export { ThemeToggle } from './ThemeToggle';
