/** The landing view: what this page is, before an app is chosen. */
export function Home({ appCount, baseUrl }: { appCount: number; baseUrl: string }) {
  return (
    <section className="home" aria-labelledby="home-title">
      <h1 id="home-title">Chatbot apps on the OpenAI API</h1>
      <p>
        {appCount} small assistants, each a chat with its own instructions, served by this project's API. Pick
        one from the list to start a conversation, or go back to an earlier one under History.
      </p>
      <p className="home-note">
        Requests go to <code>{baseUrl}</code>. Change it, or add an API key, in Settings.
      </p>
    </section>
  );
}
