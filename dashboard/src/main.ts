import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadConfig } from './lib/api/config';
import { keepScrollRegionsFocusable } from './lib/ui/scroll-regions';
import { preloadStoredLocale } from './lib/i18n/i18n.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const [config] = await Promise.all([loadConfig(), preloadStoredLocale()]);
mount(App, { target, props: { config } });
// The page's language is the user's (i18n sets <html lang>): the region's name follows it.
keepScrollRegionsFocusable(target, () => (document.documentElement.lang.startsWith('zh') ? '表格（可左右滚动）' : 'Table (scrolls sideways)'));
