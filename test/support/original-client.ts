/** The earlier React client's exact body (/work/shared/reference/original-client.md): chatscope bubbles. */
export const ORIGINAL_CLIENT_BODY = {
  input_text: "And why is that?",
  chat_history: [
    {
      message: "Hello, I'm Marv, a sarcastic chatbot.",
      direction: "incoming",
      sentTime: "12/2/2026, 3:52:59 PM",
      sender: "system",
    },
    {
      message: "What is the meaning of life?",
      direction: "outgoing",
      sentTime: "12/2/2026, 3:52:59 PM",
      sender: "user",
    },
  ],
};

/** The headers it sends besides the key. */
export const ORIGINAL_CLIENT_HEADERS = { accept: "*/*" };
