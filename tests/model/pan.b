	switch (t->back) {
	default: Uerror("bad return move");
	case  0: goto R999; /* nothing to undo */

		 /* CLAIM leave_done */
;
		;
		;
		;
		
	case 5: // STATE 13
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC :init: */

	case 6: // STATE 1
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 7: // STATE 2
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 8: // STATE 3
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 9: // STATE 4
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 10: // STATE 5
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 11: // STATE 7
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC Borrower */

	case 12: // STATE 1
		;
		XX = 1;
		unrecv(now.to_b[ Index(((int)((P2 *)_this)->x), 3) ], XX-1, 0, ((int)((P2 *)_this)->kind), 1);
		unrecv(now.to_b[ Index(((int)((P2 *)_this)->x), 3) ], XX-1, 1, ((int)((P2 *)_this)->b), 0);
		((P2 *)_this)->kind = trpt->bup.ovals[0];
		((P2 *)_this)->b = trpt->bup.ovals[1];
		;
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 13: // STATE 2
		;
	/* 0 */	((P2 *)_this)->kind = trpt->bup.oval;
		;
		;
		goto R999;

	case 14: // STATE 5
		;
		now.has[ Index(((((P2 *)_this)->x*2)+((P2 *)_this)->b), 6) ] = trpt->bup.ovals[1];
		now.owner[ Index(((P2 *)_this)->b, 2) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		
	case 15: // STATE 10
		goto R999;
;
		
	case 16: // STATE 8
		goto R999;

	case 17: // STATE 12
		;
	/* 0 */	((P2 *)_this)->kind = trpt->bup.oval;
		;
		;
		goto R999;

	case 18: // STATE 13
		;
		_m = unsend(now.to_master);
		;
		goto R999;
;
		;
		;
		;
		
	case 21: // STATE 18
		;
		now.has[ Index(((((P2 *)_this)->x*2)+0), 6) ] = trpt->bup.ovals[1];
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 22: // STATE 20
		;
		_m = unsend(now.to_donor);
		;
		goto R999;
;
		;
		
	case 24: // STATE 25
		;
		now.has[ Index(((((P2 *)_this)->x*2)+1), 6) ] = trpt->bup.ovals[1];
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 25: // STATE 27
		;
		_m = unsend(now.to_donor);
		;
		goto R999;
;
		;
		
	case 27: // STATE 36
		;
		now.has[ Index(((((P2 *)_this)->x*2)+0), 6) ] = trpt->bup.ovals[1];
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 28: // STATE 38
		;
		_m = unsend(now.to_donor);
		;
		goto R999;

	case 29: // STATE 44
		;
	/* 0 */	((P2 *)_this)->kind = trpt->bup.oval;
		;
		;
		goto R999;

	case 30: // STATE 47
		;
		now.has[ Index(((((P2 *)_this)->x*2)+1), 6) ] = trpt->bup.ovals[1];
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 31: // STATE 49
		;
		_m = unsend(now.to_donor);
		;
		goto R999;

	case 32: // STATE 61
		;
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = trpt->bup.ovals[3];
		now.page_live[ Index(((P2 *)_this)->x, 3) ] = trpt->bup.ovals[2];
		now.on_disk[ Index(((P2 *)_this)->x, 3) ] = trpt->bup.ovals[1];
		((P2 *)_this)->puts = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 4);
		goto R999;

	case 33: // STATE 67
		;
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = trpt->bup.ovals[3];
		now.page_live[ Index(((P2 *)_this)->x, 3) ] = trpt->bup.ovals[2];
		now.on_disk[ Index(((P2 *)_this)->x, 3) ] = trpt->bup.ovals[1];
		((P2 *)_this)->puts = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 4);
		goto R999;
;
		
	case 34: // STATE 69
		goto R999;

	case 35: // STATE 76
		;
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = trpt->bup.ovals[3];
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = trpt->bup.ovals[2];
		now.on_disk[ Index(((P2 *)_this)->x, 3) ] = trpt->bup.ovals[1];
		now.page_live[ Index(((P2 *)_this)->x, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 4);
		goto R999;

	case 36: // STATE 78
		;
	/* 0 */	((P2 *)_this)->x = trpt->bup.oval;
		;
		;
		goto R999;

	case 37: // STATE 83
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC Donor */

	case 38: // STATE 1
		;
		XX = 1;
		unrecv(now.to_donor, XX-1, 0, ((int)((P1 *)_this)->kind), 1);
		unrecv(now.to_donor, XX-1, 1, ((int)((P1 *)_this)->x), 0);
		unrecv(now.to_donor, XX-1, 2, ((int)((P1 *)_this)->b), 0);
		((P1 *)_this)->kind = trpt->bup.ovals[0];
		((P1 *)_this)->x = trpt->bup.ovals[1];
		((P1 *)_this)->b = trpt->bup.ovals[2];
		;
		;
		ungrab_ints(trpt->bup.ovals, 3);
		goto R999;

	case 39: // STATE 2
		;
	/* 0 */	((P1 *)_this)->kind = trpt->bup.oval;
		;
		;
		goto R999;

	case 40: // STATE 6
		;
		now.mr[0] = trpt->bup.ovals[2];
		now.target[0] = trpt->bup.ovals[1];
		now.owner[0] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 3);
		goto R999;

	case 41: // STATE 8
		;
		_m = unsend(now.to_b[ Index(((int)((P1 *)_this)->x), 3) ]);
		;
		goto R999;

	case 42: // STATE 12
		;
		now.mr[1] = trpt->bup.ovals[2];
		now.target[1] = trpt->bup.ovals[1];
		now.owner[1] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 3);
		goto R999;

	case 43: // STATE 14
		;
		_m = unsend(now.to_b[ Index(((int)((P1 *)_this)->x), 3) ]);
		;
		goto R999;
;
		
	case 44: // STATE 16
		goto R999;

	case 45: // STATE 21
		;
	/* 0 */	((P1 *)_this)->kind = trpt->bup.oval;
		;
		;
		goto R999;

	case 46: // STATE 24
		;
		now.mr[ Index(((P1 *)_this)->b, 2) ] = trpt->bup.ovals[1];
		now.owner[ Index(((P1 *)_this)->b, 2) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		
	case 47: // STATE 28
		goto R999;
;
		
	case 48: // STATE 26
		goto R999;

	case 49: // STATE 30
		;
	/* 0 */	((P1 *)_this)->kind = trpt->bup.oval;
		;
		;
		goto R999;

	case 50: // STATE 34
		;
		now.mr[0] = trpt->bup.ovals[1];
		now.owner[0] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		
	case 51: // STATE 38
		goto R999;
;
		
	case 52: // STATE 36
		goto R999;

	case 53: // STATE 44
		;
		now.mr[1] = trpt->bup.ovals[1];
		now.owner[1] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		
	case 54: // STATE 48
		goto R999;
;
		
	case 55: // STATE 46
		goto R999;
;
		;
		
	case 57: // STATE 54
		;
		now.leaving = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 59: // STATE 56
		;
		now.inactive = trpt->bup.oval;
		;
		goto R999;

	case 60: // STATE 61
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC Master */

	case 61: // STATE 2
		;
		((P0 *)_this)->orders = trpt->bup.oval;
		;
		goto R999;

	case 62: // STATE 3
		;
		_m = unsend(now.to_donor);
		;
		goto R999;

	case 63: // STATE 5
		;
		((P0 *)_this)->orders = trpt->bup.oval;
		;
		goto R999;

	case 64: // STATE 6
		;
		_m = unsend(now.to_donor);
		;
		goto R999;

	case 65: // STATE 8
		;
		((P0 *)_this)->orders = trpt->bup.oval;
		;
		goto R999;

	case 66: // STATE 9
		;
		_m = unsend(now.to_b[1]);
		;
		goto R999;

	case 67: // STATE 11
		;
		((P0 *)_this)->orders = trpt->bup.oval;
		;
		goto R999;

	case 68: // STATE 12
		;
		_m = unsend(now.to_b[2]);
		;
		goto R999;
;
		;
		
	case 70: // STATE 14
		;
		now.suspected = trpt->bup.oval;
		;
		goto R999;

	case 71: // STATE 15
		;
		now.st1 = trpt->bup.oval;
		;
		goto R999;

	case 72: // STATE 16
		;
		_m = unsend(now.to_b[1]);
		;
		goto R999;
;
		;
		
	case 74: // STATE 18
		;
		now.st1 = trpt->bup.oval;
		;
		goto R999;

	case 75: // STATE 19
		;
		_m = unsend(now.to_donor);
		;
		goto R999;
;
		;
		
	case 77: // STATE 21
		;
		XX = 1;
		unrecv(now.to_master, XX-1, 0, 2, 1);
		unrecv(now.to_master, XX-1, 1, 1, 0);
		;
		;
		goto R999;

	case 78: // STATE 22
		;
		now.st1 = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 80: // STATE 25
		;
	/* 0 */	((P0 *)_this)->orders = trpt->bup.oval;
		;
		;
		goto R999;

	case 81: // STATE 30
		;
	/* 0 */	((P0 *)_this)->id = trpt->bup.oval;
		;
		;
		goto R999;
;
		;
		;
		;
		;
		;
		
	case 85: // STATE 40
		;
		_m = unsend(now.to_b[1]);
		;
		goto R999;

	case 86: // STATE 41
		;
		_m = unsend(now.to_b[2]);
		;
		goto R999;

	case 87: // STATE 46
		;
		p_restor(II);
		;
		;
		goto R999;
	}

