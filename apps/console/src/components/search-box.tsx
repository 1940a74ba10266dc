import '../search.css';
import { useState } from 'preact/hooks';
import { navigate } from '../router';

/** The header's search box: sends the words to the results page (/search?q=…). */
export function SearchBox() {
  const [words, setWords] = useState(() => (window.location.pathname === '/search' ? (new URLSearchParams(window.location.search).get('q') ?? '') : ''));
  return (
    <form
      class="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const q = words.trim();
        if (q !== '') navigate(`/search?q=${encodeURIComponent(q)}`);
      }}
    >
      <input
        type="search"
        name="q"
        value={words}
        maxLength={100}
        placeholder="搜索任务、批示文号、进展、整改…"
        aria-label="全局搜索"
        data-testid="search-input"
        onInput={(event) => setWords(event.currentTarget.value)}
      />
      <button type="submit" class="link-button">
        搜索
      </button>
    </form>
  );
}
