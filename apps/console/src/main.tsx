import { render } from 'preact';
import { App } from './app';
import { resumeSession } from './session';
import './styles.css';

// the token is kept in memory only: after a reload the HttpOnly refresh cookie gives a new one
void resumeSession().finally(() => render(<App />, document.getElementById('app')!));
