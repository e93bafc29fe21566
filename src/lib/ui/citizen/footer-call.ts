import type { Known, Municipality, Offer, OpeningInterval } from '$lib/domain/model';
import type { ProviderView } from '$lib/views/citizen';

/**
 * The number the footer offers on a page that belongs to an offer: the offer's next-step number, else its
 * municipality's; with the opening hours of the place that answers that number, when the configuration gives them
 * (issue 12, item 9: "the municipality's number with its opening hours", never an invented one).
 */
export function footerCall(
	data: Record<string, unknown>
): { municipality: string; phone: string; hours: OpeningInterval[] | null } | null {
	const offer = data.offer as Offer | undefined;
	const municipality = data.municipality as Municipality | undefined;
	const providers = (data.providers as ProviderView[] | undefined) ?? [];
	if (!offer || !municipality) return null;
	const phone = offer.nextStep.phone.known
		? offer.nextStep.phone.value
		: municipality.phone.known
			? municipality.phone.value
			: null;
	if (!phone) return null;
	const digits = (s: string) => s.replace(/\D/g, '');
	const answering = providers.find((p) => p.place.phone.known && digits(p.place.phone.value) === digits(phone));
	const hours: Known<OpeningInterval[]> | undefined = answering?.hours;
	return { municipality: municipality.name, phone, hours: hours?.known ? hours.value : null };
}
