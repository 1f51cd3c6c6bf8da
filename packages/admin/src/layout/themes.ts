/**
 * Light and dark themes: react-admin's default themes in the ministry's teal, with status colours
 * dark enough (light theme) or light enough (dark theme) for text on the page's background (WCAG AA).
 */
import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  palette: {
    ...defaultLightTheme.palette,
    primary: { main: '#00695c', light: '#439889', dark: '#003d33', contrastText: '#ffffff' },
    secondary: { main: '#00695c', contrastText: '#ffffff' },
    success: { main: '#1b5e20', contrastText: '#ffffff' },
    info: { main: '#01579b', contrastText: '#ffffff' },
    warning: { main: '#8a4500', contrastText: '#ffffff' },
    error: { main: '#b71c1c', contrastText: '#ffffff' },
  },
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  palette: {
    ...defaultDarkTheme.palette,
    primary: { main: '#80cbc4', contrastText: '#002420' },
    secondary: { main: '#80cbc4', contrastText: '#002420' },
    success: { main: '#a5d6a7', contrastText: '#0b2e0d' },
    info: { main: '#90caf9', contrastText: '#0a2540' },
    warning: { main: '#ffcc80', contrastText: '#3e2000' },
    error: { main: '#ef9a9a', contrastText: '#3b0a0a' },
  },
};
