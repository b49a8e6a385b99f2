/** The Local view's id (package.json `views`), apart from its provider so activation can name it. */
export const LOCAL_VIEW_ID = 'ecsFargate.local';
