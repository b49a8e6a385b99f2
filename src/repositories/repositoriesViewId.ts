/** The Repositories view's id (apart, so activation can create the view without loading its nodes). */
export const REPOSITORIES_VIEW_ID = 'ecsFargate.repositories';
