(lang) => {
    document.documentElement.lang = lang;
    const names = {nl: "Gesprek", en: "Conversation", fr: "Conversation"};
    for (const log of document.querySelectorAll("#vb-chat [role=log]")) {
        log.setAttribute("aria-label", names[lang] || names.nl);
    }
    return lang;
}