import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadConfig } from './lib/api/config';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, { target, props: { config: await loadConfig() } });
