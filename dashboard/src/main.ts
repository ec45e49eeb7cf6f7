import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadConfig } from './lib/api/config';
import { keepScrollRegionsFocusable } from './lib/ui/scroll-regions';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, { target, props: { config: await loadConfig() } });
// The page's language is the user's (i18n sets <html lang>): the region's name follows it.
keepScrollRegionsFocusable(target, () => (document.documentElement.lang.startsWith('zh') ? '表格（可左右滚动）' : 'Table (scrolls sideways)'));
