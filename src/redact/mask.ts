// What a masked value reads as. Its own module, so code that only recognises or writes the mask (the
// worker's export) does not import the rules' engine and re2js with it (decision 0247).

export const MASK = '••••';
