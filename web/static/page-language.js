() => {
    if (!window.gradio_config) return;
    document.documentElement.lang = "nl";
    const name = () => {
        for (const log of document.querySelectorAll("#vb-chat [role=log]")) {
            if (log.getAttribute("aria-label") === "chatbot conversation") {
                log.setAttribute("aria-label", document.documentElement.lang === "nl"
                    ? "Gesprek" : "Conversation");
            }
        }
    };
    name();
    new MutationObserver(name).observe(document.body, {childList: true, subtree: true});
}