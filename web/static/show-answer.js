() => {
    setTimeout(() => {
        const rows = document.querySelectorAll("#vb-chat .message-row.user-row");
        const row = rows[rows.length - 1];
        let box = row ? row.parentElement : null;
        while (box && box !== document.body) {
            const style = getComputedStyle(box);
            if (box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(style.overflowY)) break;
            box = box.parentElement;
        }
        if (!row || !box || box === document.body) return;
        box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    }, 60);
}