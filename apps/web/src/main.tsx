import 'leaflet/dist/leaflet.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.js';
import { readConfig } from './config.js';

render(<App config={readConfig(location)} />, document.getElementById('app')!);
