import { createContext } from 'svelte';
import type { AppConfig } from '../api/config';
import type { I18n } from '../i18n/i18n.svelte';
import type { ClinicChoice } from './clinic-choice.svelte';
import type { Router } from './router.svelte';
import type { Session } from './session.svelte';

export const [getI18n, setI18n] = createContext<I18n>();
export const [getAppConfig, setAppConfig] = createContext<AppConfig>();
export const [getSession, setSession] = createContext<Session>();
export const [getRouter, setRouter] = createContext<Router>();
export const [getClinicChoice, setClinicChoice] = createContext<ClinicChoice>();
