"""The embedding model, kept in a process of its own: `embedding` is the bot's supervised client
(`Embedder`: encode, count tokens, run a job), `owner` is the child process that alone holds the
model and its tokenizers and schedules every call to it, and `jobs` are the CPU-heavy pieces of
work that run in that process next to the model (chunking essays, generating quiz items).

May import the shared root modules (`bot.config`, `bot.errors`, `bot.text`, ...) and, in `jobs`
only, the pure-Python helpers those jobs run (`bot.corpus`, `bot.quiz.generation`), imported
inside the job so the client side stays light. Never Discord, the store or the tutor.
"""
