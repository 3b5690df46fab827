import { render } from 'preact';

function App() {
  return <main><h1>hookscope</h1><p>The viewer is being built.</p></main>;
}

render(<App />, document.getElementById('app')!);
