"use client";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui", padding: 40 }}>
        <h1>Something went wrong</h1>
        <p>The error was logged on the server. Nothing you entered was saved.</p>
        <button onClick={reset}>Try again</button>
      </body>
    </html>
  );
}
