// What other features and the shell use of the settings feature.
export { ConfigLoadStatus } from './ConfigLoadStatus';
export { SettingsPage } from './SettingsPage';
export { ThemeToggle } from './ThemeToggle';
