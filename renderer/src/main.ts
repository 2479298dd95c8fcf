import { mount } from 'svelte';
import App from './App.svelte';
import { bridgeForPage } from './bridge/page-bridge.ts';
import { pageBridge } from '../../shared/bridge/isolated-world.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// pageBridge: rejections that crossed Electron's context isolation become BridgeErrors again.
mount(App, { target, props: { bridge: pageBridge(bridgeForPage(window)) } });
